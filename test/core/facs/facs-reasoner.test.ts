import { describe, expect, it } from 'vitest';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import { ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import { au, auNumbers, chainText, labels, peak } from './plan-helpers.js';

const reasoner = new FacsReasoner();
const think = (text: string) => reasoner.reason(text);

describe('FacsReasoner: emotions and action units', () => {
  it('identifies itself as "facs" and returns a plan that passes the schema', async () => {
    // Prepare
    const text = 'quietly heartbroken, then slowly hopeful';

    // Act
    const plan = await think(text);

    // Assess
    expect(reasoner.id).toBe('facs');
    expect(plan.reasoner).toBe('facs');
    expect(plan.prompt).toBe(text);
    expect(ExpressionPlanSchema.safeParse(plan).success).toBe(true);
  });

  it('reads "quietly heartbroken" as sadness AUs 1, 4, 15 (and 17) at moderate intensity, no smile', async () => {
    // Act
    const plan = await think('quietly heartbroken');

    // Assess
    const segment = plan.segments[0];
    expect(labels(segment)).toEqual(['sad']);
    for (const n of [1, 4, 15]) {
      expect(au(plan, n)).toBeGreaterThan(0.3);
      expect(au(plan, n)).toBeLessThan(0.75);
    }
    expect(au(plan, 17)).toBeGreaterThan(0);
    expect(au(plan, 12)).toBe(0);
    expect(au(plan, 15)).toBeLessThan(au(await think('heartbroken'), 15));
  });

  it('reads "furious" as open-mouthed anger: AU4 high, AU5 and AU7, teeth bared by AU10 and AU25', async () => {
    // Act
    const plan = await think('furious');

    // Assess
    expect(labels(plan.segments[0])).toEqual(['angry']);
    expect(au(plan, 4)).toBeGreaterThanOrEqual(0.8);
    expect(au(plan, 5)).toBeGreaterThan(0.2);
    expect(au(plan, 7)).toBeGreaterThan(0.2);
    expect(au(plan, 10)).toBeGreaterThan(0.25);
    expect(au(plan, 25)).toBeGreaterThan(0.8);
    // Not the closed-mouth variant: pressed lips cannot be held while speaking.
    expect(au(plan, 24)).toBe(0);
    expect(plan.segments[0]?.valence).toBeLessThan(-0.6);
    expect(plan.segments[0]?.arousal).toBeGreaterThan(0.8);
  });

  it('orders intensity words: "a bit sad" < "sad" < "extremely sad"', async () => {
    // Act
    const [bit, plain, extreme] = await Promise.all(['a bit sad', 'sad', 'extremely sad'].map(think));

    // Assess
    for (const n of [1, 4, 15]) {
      expect(au(bit!, n)).toBeLessThan(au(plain!, n));
      expect(au(plain!, n)).toBeLessThan(au(extreme!, n));
    }
  });

  it('orders synonyms by strength: "barely annoyed" < "annoyed" < "angry" < "seething" < "livid"', async () => {
    // Act
    const plans = await Promise.all(['barely annoyed', 'annoyed', 'angry', 'seething', 'livid'].map(think));

    // Assess
    const brows = plans.map((p) => au(p, 4));
    expect(brows).toEqual([...brows].sort((a, b) => a - b));
    expect(new Set(brows).size).toBe(brows.length);
    expect(brows[0]).toBeLessThan(0.2);
  });

  it('stacks modifiers without leaving 0..1: "utterly, absolutely furious" stays <= 1 and > "furious"', async () => {
    // Act
    const [stacked, plain] = await Promise.all([
      think('very very utterly absolutely furious'),
      think('furious'),
    ]);

    // Assess
    expect(au(stacked, 4)).toBeGreaterThan(au(plain, 4));
    expect(au(stacked, 4)).toBeLessThanOrEqual(1);
  });

  it('turns "pleasantly surprised" into the compound happily surprised (AUs 1, 2, 12, 25, 26)', async () => {
    // Act
    const plan = await think('pleasantly surprised');

    // Assess
    expect(labels(plan.segments[0])).toEqual(['happily surprised']);
    expect(auNumbers(plan.segments[0])).toEqual(expect.arrayContaining([1, 2, 12, 25, 26]));
    expect(au(plan, 4)).toBe(0);
    expect(chainText(plan)).toContain('Du, Tao & Martinez');
  });

  it('merges two basic emotions into their compound in either order ("angry and disgusted")', async () => {
    // Act
    const [ad, da] = await Promise.all([think('angry and disgusted'), think('disgusted and angry')]);

    // Assess
    expect(labels(ad.segments[0])).toEqual(['angrily disgusted']);
    expect(ad.segments).toEqual(da.segments);
    expect(auNumbers(ad.segments[0])).toEqual(expect.arrayContaining([4, 10, 17]));
  });

  it('blends "bittersweet" as happy + sad, with a smile and a sad brow together', async () => {
    // Act
    const plan = await think('bittersweet');

    // Assess
    const segment = plan.segments[0];
    expect(labels(segment).sort()).toEqual(['happy', 'sad']);
    expect(segment?.emotions.reduce((s, e) => s + e.weight, 0)).toBeCloseTo(1, 2);
    expect(au(plan, 12)).toBeGreaterThan(0.2);
    expect(au(plan, 1)).toBeGreaterThan(0.2);
    expect(Math.abs(segment?.valence ?? 1)).toBeLessThan(0.3);
  });

  it('blends "nervous excitement" as anxious + happy with raised arousal', async () => {
    // Act
    const plan = await think('nervous excitement');

    // Assess
    expect(labels(plan.segments[0]).sort()).toEqual(['anxious', 'happy']);
    expect(au(plan, 12)).toBeGreaterThan(0.3);
    expect(au(plan, 1)).toBeGreaterThan(0.2);
    expect(plan.segments[0]?.arousal).toBeGreaterThan(0.6);
  });

  it('drops a negated emotion: "not angry, just tired" has no anger AUs and drooping lids', async () => {
    // Act
    const plan = await think('not angry, just tired');

    // Assess
    expect(labels(plan.segments[0])).toEqual(['tired']);
    for (const n of [4, 5, 7, 23, 24]) expect(au(plan, n)).toBe(0);
    expect(au(plan, 43)).toBeGreaterThan(0.2);
    expect(chainText(plan)).toMatch(/"not angry" is negated/);
  });

  it('reads a lone negated pleasant word as mild displeasure and a negated unpleasant one as calm', async () => {
    // Act
    const [notHappy, notAngry] = await Promise.all([think('not happy'), think('not angry')]);

    // Assess
    expect(labels(notHappy.segments[0])).toEqual(['sad']);
    expect(au(notHappy, 12)).toBe(0);
    expect(labels(notAngry.segments[0])).toEqual(['calm']);
    expect(au(notAngry, 4)).toBe(0);
  });

  it('reads "neither happy nor sad" as calm, and "trying to hide her anger" as weaker anger', async () => {
    // Act
    const [neither, hidden, angry] = await Promise.all([
      think('neither happy nor sad'),
      think('trying to hide her anger'),
      think('anger'),
    ]);

    // Assess
    expect(labels(neither.segments[0])).toEqual(['calm']);
    expect(au(neither, 15)).toBe(0);
    expect(au(hidden, 4)).toBeGreaterThan(0);
    expect(au(hidden, 4)).toBeLessThan(au(angry, 4));
  });

  it('reads "not very angry" as a little angry, not as calm', async () => {
    // Act
    const [notVery, angry] = await Promise.all([think('not very angry'), think('angry')]);

    // Assess
    expect(labels(notVery.segments[0])).toEqual(['angry']);
    expect(au(notVery, 4)).toBeGreaterThan(0);
    expect(au(notVery, 4)).toBeLessThan(au(angry, 4));
  });

  it('gives "a polite smile that doesn\'t reach the eyes" AU12 > 0.3 and no AU6', async () => {
    // Act
    const plan = await think("a polite smile that doesn't reach the eyes");

    // Assess
    expect(au(plan, 12)).toBeGreaterThan(0.3);
    expect(au(plan, 6)).toBe(0);
    expect(plan.segments[0]?.regions.cheeks).toBe('at rest');
    expect(chainText(plan)).toMatch(/social smile/);
  });

  it.each([
    'a smile that does not reach her eyes',
    'a forced smile',
    'smiling, but not with the eyes, a fake smile',
    "a happy, cheerful smile that doesn't reach the eyes",
  ])('treats "%s" as a social smile (AU12 without AU6)', async (text) => {
    // Act
    const plan = await think(text);

    // Assess
    expect(au(plan, 12)).toBeGreaterThan(0.3);
    expect(au(plan, 6)).toBe(0);
  });

  it('gives a genuine (Duchenne) smile AU6 with AU12, and more AU6 than a plain smile', async () => {
    // Act
    const [genuine, duchenne, plain] = await Promise.all([
      think('a genuine smile'),
      think('a Duchenne smile'),
      think('a smile'),
    ]);

    // Assess
    for (const plan of [genuine, duchenne]) {
      expect(au(plan, 12)).toBeGreaterThan(0.3);
      expect(au(plan, 6)).toBeGreaterThan(0.3);
    }
    expect(au(genuine, 6)).toBeGreaterThan(au(plain, 6));
  });

  it('makes contempt one-sided: AU12 and AU14 on one side only', async () => {
    // Act
    const plan = await think('contempt');

    // Assess
    const units = plan.segments[0]?.actionUnits ?? [];
    const sided = units.filter((u) => u.au === 12 || u.au === 14);
    expect(sided.map((u) => u.au).sort()).toEqual([12, 14]);
    expect(sided.every((u) => u.side === 'right')).toBe(true);
    expect(au(plan, 12, 'both')).toBe(0);
  });

  it('puts a smirk on the side the text names', async () => {
    // Act
    const [left, right] = await Promise.all([think('a smirk on the left'), think('a right-sided smirk')]);

    // Assess
    expect(au(left, 12, 'left')).toBeGreaterThan(0.2);
    expect(au(left, 12, 'right')).toBe(0);
    expect(au(right, 12, 'right')).toBeGreaterThan(0.2);
    expect(au(right, 12, 'left')).toBe(0);
  });

  it('moves a lopsided smile to one side', async () => {
    // Act
    const plan = await think('a lopsided grin');

    // Assess
    expect(au(plan, 12, 'both')).toBe(0);
    expect(au(plan, 12, 'right')).toBeGreaterThan(0.3);
  });

  it('describes the moving regions from the AUs and leaves the others at rest', async () => {
    // Act
    const plan = await think('furious');

    // Assess
    const regions = plan.segments[0]?.regions;
    expect(regions?.brows).toMatch(/AU4 Brow Lowerer; corrugator supercilii/);
    expect(regions?.eyes).toMatch(/AU5/);
    expect(regions?.nose).toMatch(/AU10/);
    expect(regions?.mouth).toMatch(/AU25/);
    expect(regions?.cheeks).toBe('at rest');
    expect(regions?.jaw).toBe('at rest');
  });

  it('keeps anger AUs strong and sadness AUs weak for "seething" vs "barely annoyed" (peak AU)', async () => {
    // Act
    const [seething, barely] = await Promise.all([think('seething'), think('barely annoyed')]);

    // Assess
    expect(peak(seething.segments[0])).toBeGreaterThan(0.7);
    expect(peak(barely.segments[0])).toBeLessThan(peak(seething.segments[0]) / 4);
  });
});
