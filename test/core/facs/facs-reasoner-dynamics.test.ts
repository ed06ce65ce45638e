import { describe, expect, it } from 'vitest';
import { FACS_REASONER_DEFAULTS, FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import { EmotionTextError, PlanError } from '../../../core/plan/errors.js';
import { ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import { auIn, chainText, labels, peak } from './plan-helpers.js';

const reasoner = new FacsReasoner();
const think = (text: string) => reasoner.reason(text);

describe('FacsReasoner: time, unknown words, determinism, errors', () => {
  it('splits "calm at first, then increasingly angry" into ordered contiguous segments over [0, 1], anger rising', async () => {
    // Act
    const plan = await think('calm at first, then increasingly angry');

    // Assess
    const { segments } = plan;
    expect(segments.length).toBeGreaterThanOrEqual(2);
    expect(segments[0]?.start).toBe(0);
    expect(segments.at(-1)?.end).toBe(1);
    for (let i = 1; i < segments.length; i++) expect(segments[i]?.start).toBe(segments[i - 1]?.end);
    expect(labels(segments[0])).toEqual(['calm']);
    expect(labels(segments.at(-1))).toEqual(['angry']);
    const anger = segments.map((s) => auIn(s, 4));
    expect(anger[0]).toBe(0);
    for (let i = 1; i < anger.length; i++) expect(anger[i]).toBeGreaterThan(anger[i - 1] as number);
    expect(segments.at(-1)?.arousal).toBeGreaterThan(segments[0]?.arousal as number);
  });

  it('keeps the order of "pleased at first, then quietly hurt" (happy, then sad)', async () => {
    // Act
    const plan = await think('pleased at first, then quietly hurt');

    // Assess
    expect(plan.segments.map((s) => labels(s))).toEqual([['happy'], ['sad']]);
    expect(plan.segments[0]?.valence).toBeGreaterThan(0);
    expect(plan.segments[1]?.valence).toBeLessThan(0);
  });

  it('makes three phases of "happy, then surprised, finally sad" with equal thirds', async () => {
    // Act
    const plan = await think('happy, then surprised, finally sad');

    // Assess
    expect(plan.segments.map((s) => labels(s)[0])).toEqual(['happy', 'surprised', 'sad']);
    expect(plan.segments.map((s) => [s.start, s.end])).toEqual([
      [0, 0.3333],
      [0.3333, 0.6667],
      [0.6667, 1],
    ]);
  });

  it('makes "slowly growing dread" rise and "angry but fading" fall within one phase', async () => {
    // Act
    const [growing, fading] = await Promise.all([think('slowly growing dread'), think('angry but fading')]);

    // Assess
    const rise = growing.segments.map(peak);
    expect(rise.length).toBeGreaterThan(1);
    expect(rise).toEqual([...rise].sort((a, b) => a - b));
    const fall = fading.segments.map((s) => auIn(s, 4));
    expect(fall.length).toBeGreaterThan(1);
    expect(fall).toEqual([...fall].sort((a, b) => b - a));
  });

  it('fades the phase before a falling ramp that opens a phase ("angry, then fading into calm")', async () => {
    // Act
    const plan = await think('angry, then fading into calm');

    // Assess
    const angry = plan.segments.filter((s) => labels(s)[0] === 'angry').map((s) => auIn(s, 4));
    expect(angry.length).toBeGreaterThan(1);
    expect(angry).toEqual([...angry].sort((a, b) => b - a));
    expect(labels(plan.segments.at(-1))).toEqual(['calm']);
    expect(plan.segments.at(-1)?.start).toBe(0.5);
  });

  it('starts a new phase at a rising ramp after an emotion ("calm, growing angry")', async () => {
    // Act
    const plan = await think('calm, growing angry');

    // Assess
    expect(labels(plan.segments[0])).toEqual(['calm']);
    expect(labels(plan.segments.at(-1))).toEqual(['angry']);
  });

  it('reads a misspelt or inflected emotion word as the closest lexicon word and says so', async () => {
    // Act
    const [typo, form] = await Promise.all([think('furius'), think('angrily')]);

    // Assess
    expect(labels(typo.segments[0])).toEqual(['angry']);
    expect(chainText(typo)).toMatch(/"furius".*read as "furious"/);
    expect(labels(form.segments[0])).toEqual(['angry']);
  });

  it('estimates a category from valence/arousal for words without one ("feeling awful")', async () => {
    // Act
    const plan = await think('feeling awful');

    // Assess
    expect(labels(plan.segments[0])).toEqual(['sad']);
    expect(chainText(plan)).toMatch(/nearest by valence\/arousal/);
  });

  it('falls back to a neutral face for unknown words, notes them and never throws', async () => {
    // Act
    const plan = await think('blorfy zzyzx quux');

    // Assess
    expect(labels(plan.segments[0])).toEqual(['neutral']);
    expect(plan.segments[0]?.actionUnits).toEqual([]);
    expect(plan.segments[0]?.valence).toBe(0);
    expect(chainText(plan)).toMatch(/unknown words ignored: "blorfy", "zzyzx", "quux"/);
    expect(chainText(plan)).toMatch(/neutral/);
  });

  it('notes unknown words next to known ones without changing the emotion', async () => {
    // Act
    const [withNoise, plain] = await Promise.all([think('sad flibbertigibbet'), think('sad')]);

    // Assess
    expect(withNoise.segments[0]?.actionUnits).toEqual(plain.segments[0]?.actionUnits);
    expect(chainText(withNoise)).toContain('"flibbertigibbet"');
  });

  it('writes the chain as appraisal -> emotions -> action units -> muscles -> dynamics', async () => {
    // Act
    const plan = await think('quietly heartbroken, then slowly hopeful');

    // Assess
    expect(plan.chain.map((c) => c.step)).toEqual([
      'appraisal',
      'emotions',
      'action units',
      'muscles',
      'dynamics',
    ]);
    const [appraisal, emotions, units, muscles, dynamics] = plan.chain.map((c) => c.thought);
    expect(appraisal).toMatch(/2 phases/);
    expect(appraisal).toMatch(/"quietly"/);
    expect(emotions).toMatch(/sad at/);
    expect(units).toMatch(/AU15 Lip Corner Depressor/);
    expect(muscles).toMatch(/depressor anguli oris/);
    expect(dynamics).toMatch(/Blink rate .*\/min/);
  });

  it('raises blink rate and head motion with arousal and anxiety', async () => {
    // Act
    const [calm, terrified] = await Promise.all([think('calm'), think('terrified')]);

    // Assess
    expect(calm.global.blinkRatePerMin).toBeGreaterThan(10);
    expect(calm.global.blinkRatePerMin).toBeLessThan(17);
    expect(terrified.global.blinkRatePerMin).toBeGreaterThan(calm.global.blinkRatePerMin + 8);
    expect(terrified.global.headMotion).toBeGreaterThan(calm.global.headMotion);
  });

  it('is deterministic: the same text gives an identical plan, also from a new instance', async () => {
    // Prepare
    const text = 'a polite smile at first, then increasingly furious and disgusted';

    // Act
    const first = await think(text);
    const second = await think(text);
    const third = await new FacsReasoner().reason(text);

    // Assess
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(third).toEqual(first);
  });

  it('trims the prompt and accepts text up to maxLength', async () => {
    // Prepare
    const small = new FacsReasoner({ maxLength: 10 });

    // Act
    const plan = await small.reason('   sad   ');

    // Assess
    expect(plan.prompt).toBe('sad');
    expect(ExpressionPlanSchema.safeParse(plan).success).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['   \n\t ', 'whitespace-only'],
    ['x'.repeat(FACS_REASONER_DEFAULTS.maxLength + 1), 'too-long'],
  ])('rejects %j with EmotionTextError (%s)', async (text, problem) => {
    // Act
    const attempt = think(text);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(EmotionTextError);
    await expect(attempt).rejects.toMatchObject({ name: 'EmotionTextError', problem });
  });

  it.each([42, null, undefined, ['sad'], { text: 'sad' }])('rejects non-string input %j', async (input) => {
    // Act
    const attempt = reasoner.reason(input as unknown as string);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(PlanError);
    await expect(attempt).rejects.toMatchObject({ problem: 'not-a-string' });
  });

  it('honours a configured maxLength and says what is accepted', async () => {
    // Prepare
    const small = new FacsReasoner({ maxLength: 5 });

    // Act
    const attempt = small.reason('furious');

    // Assess
    await expect(attempt).rejects.toThrow(/7 characters long.*at most 5 characters/);
  });

  it('refuses a nonsensical maxLength at construction', () => {
    // Act / Assess
    expect(() => new FacsReasoner({ maxLength: 0 })).toThrow(RangeError);
    expect(() => new FacsReasoner({ maxLength: 2.5 })).toThrow(RangeError);
  });

  it('survives punctuation-only, numeric and very long valid input', async () => {
    // Act
    const plans = await Promise.all([think('?!...'), think('42'), think('sad, '.repeat(390))]);

    // Assess
    for (const plan of plans) expect(ExpressionPlanSchema.safeParse(plan).success).toBe(true);
    expect(labels(plans[0]?.segments[0])).toEqual(['neutral']);
    expect(labels(plans[2]?.segments[0])).toEqual(['sad']);
  });
});
