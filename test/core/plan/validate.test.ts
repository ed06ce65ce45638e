import { describe, expect, it } from 'vitest';
import {
  EmotionTextError,
  PlanError,
  PlanValidationError,
  UnknownActionUnitError,
} from '../../../core/plan/errors.js';
import { ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import {
  assertKnownActionUnits,
  clampPlan,
  parsePlan,
  validateEmotionText,
} from '../../../core/plan/validate.js';
import { validPlan } from './fixtures.js';

describe('parsePlan', () => {
  it('returns a valid plan unchanged', () => {
    // Prepare
    const plan = validPlan();

    // Act
    const parsed = parsePlan(plan);

    // Assess
    expect(parsed).toEqual(validPlan());
  });

  it('rejects non-contiguous segments with the offending path in the message', () => {
    // Prepare
    const plan = validPlan();
    plan.segments[1]!.start = 0.6;

    // Act
    const attempt = (): unknown => parsePlan(plan);

    // Assess
    expect(attempt).toThrow(PlanValidationError);
    expect(attempt).toThrow(/segments\.1\.start: segments must be contiguous/);
  });

  it('rejects segments that do not cover [0, 1] or run backwards', () => {
    // Prepare
    const gap = validPlan();
    gap.segments[1]!.end = 0.9;
    const backwards = validPlan();
    backwards.segments[0]!.end = 0;
    backwards.segments[1]!.start = 0;

    // Act / Assess
    expect(() => parsePlan(gap)).toThrow(/segments\.1\.end: the last segment must end at 1/);
    expect(() => parsePlan(backwards)).toThrow(/segments\.0\.end: end must be greater than start/);
  });

  it('lists every issue, carries the zod issues and the ZodError as cause', () => {
    // Prepare
    const plan = { ...validPlan(), schemaVersion: 2, global: { blinkRatePerMin: 99, headMotion: 0.5 } };

    // Act
    let error: unknown;
    try {
      parsePlan(plan);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(PlanValidationError);
    expect(error).toBeInstanceOf(PlanError);
    const e = error as PlanValidationError;
    expect(e.name).toBe('PlanValidationError');
    expect(e.issues.map((i) => i.path.join('.'))).toEqual(['schemaVersion', 'global.blinkRatePerMin']);
    expect(e.message).toMatch(/schemaVersion: .*; global\.blinkRatePerMin: /);
    expect(e.cause).toBeDefined();
  });

  it('names the root for a non-object', () => {
    // Act / Assess
    expect(() => parsePlan('plan')).toThrow(/\(root\): /);
  });
});

describe('clampPlan', () => {
  it('clamps intensities, valence, arousal, head motion and blink rate into range', () => {
    // Prepare
    const raw = validPlan();
    raw.segments[1]!.actionUnits[0]!.intensity = 1.3;
    raw.segments[1]!.actionUnits[1]!.intensity = -0.2;
    raw.segments[1]!.valence = -1.5;
    raw.segments[0]!.arousal = 1.2;
    raw.global = { blinkRatePerMin: 75, headMotion: -0.1 };

    // Act
    const plan = parsePlan(clampPlan(raw));

    // Assess
    expect(plan.segments[1]?.actionUnits.map((u) => u.intensity)).toEqual([1, 0]);
    expect(plan.segments[1]?.valence).toBe(-1);
    expect(plan.segments[0]?.arousal).toBe(1);
    expect(plan.global).toEqual({ blinkRatePerMin: 60, headMotion: 0 });
  });

  it('normalises emotion weights to sum to 1, and splits evenly when all are 0', () => {
    // Prepare
    const raw = validPlan();
    raw.segments[0]!.emotions = [
      { label: 'calm', weight: 0.6 },
      { label: 'tired', weight: 0.9 },
    ];
    raw.segments[1]!.emotions = [
      { label: 'angry', weight: 0 },
      { label: 'disgusted', weight: 0 },
    ];
    (raw.segments[1]!.emotions[0] as { weight: number }).weight = -0.5;

    // Act
    const plan = parsePlan(clampPlan(raw));

    // Assess
    const [calm, tired] = plan.segments[0]?.emotions.map((e) => e.weight) ?? [];
    expect(calm).toBeCloseTo(0.4, 12);
    expect(tired).toBeCloseTo(0.6, 12);
    expect(plan.segments[1]?.emotions.map((e) => e.weight)).toEqual([0.5, 0.5]);
  });

  it('snaps boundaries within 1e-3 into contiguity, and leaves larger gaps for the schema to reject', () => {
    // Prepare
    const near = validPlan();
    near.segments[0]!.start = 0.0004;
    near.segments[1]!.start = 0.5008;
    near.segments[1]!.end = 0.9995;
    const far = validPlan();
    far.segments[1]!.start = 0.51;

    // Act
    const snapped = parsePlan(clampPlan(near));

    // Assess
    expect(snapped.segments.map((s) => [s.start, s.end])).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
    expect(() => parsePlan(clampPlan(far))).toThrow(PlanValidationError);
  });

  it('does not mutate its input and passes through what it cannot read', () => {
    // Prepare
    const raw = validPlan();
    raw.segments[0]!.arousal = 3;
    const before = JSON.stringify(raw);

    // Act
    clampPlan(raw);
    const odd = clampPlan({ segments: [{ start: 'x', emotions: 'none' }], global: null });

    // Assess
    expect(JSON.stringify(raw)).toBe(before);
    expect(clampPlan('text')).toBe('text');
    expect(odd).toEqual({ segments: [{ start: 'x', emotions: 'none' }], global: null });
    expect(ExpressionPlanSchema.safeParse(odd).success).toBe(false);
  });
});

describe('assertKnownActionUnits', () => {
  it('accepts catalogue AUs and rejects unknown ones, listing them and the known ones', () => {
    // Prepare
    const good = validPlan();
    const bad = validPlan();
    bad.segments[1]!.actionUnits.push(
      { au: 99, name: 'Made Up', intensity: 0.5, side: 'both' },
      { au: 3, name: 'Not FACS', intensity: 0.5, side: 'both' },
      { au: 99, name: 'Made Up', intensity: 0.2, side: 'left' },
    );

    // Act
    let error: unknown;
    try {
      assertKnownActionUnits(bad);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(() => assertKnownActionUnits(good)).not.toThrow();
    expect(error).toBeInstanceOf(UnknownActionUnitError);
    expect((error as UnknownActionUnitError).unknown).toEqual([3, 99]);
    expect((error as UnknownActionUnitError).known).toContain(12);
    expect((error as Error).message).toMatch(/unknown action units AU3, AU99; known: 1, 2, 4/);
    expect((error as Error).name).toBe('UnknownActionUnitError');
  });
});

describe('validateEmotionText', () => {
  it('returns the trimmed text', () => {
    // Act / Assess
    expect(validateEmotionText('  sad \n', 10)).toBe('sad');
  });

  it.each([
    [42, 'not-a-string', /expected a string, got number/],
    [null, 'not-a-string', /got null/],
    [['sad'], 'not-a-string', /got an array/],
    ['', 'empty', /the text is empty/],
    [' \t\n', 'whitespace-only', /only whitespace/],
    ['abcdefghijk', 'too-long', /11 characters long/],
  ])('rejects %j as %s', (input, problem, message) => {
    // Act
    const attempt = (): string => validateEmotionText(input, 10);

    // Assess
    expect(attempt).toThrow(EmotionTextError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/accepted: a string .* at most 10 characters/);
    try {
      attempt();
    } catch (e) {
      expect((e as EmotionTextError).problem).toBe(problem);
      expect((e as EmotionTextError).maxLength).toBe(10);
    }
  });
});
