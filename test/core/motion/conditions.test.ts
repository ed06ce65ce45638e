import { describe, expect, it } from 'vitest';
import {
  ARTICULATION_CHANNELS,
  CHANNEL_COUNT,
  channelIndex,
  GUIDANCE_REGIONS,
  MOTION_CHANNELS,
} from '../../../core/motion/channels.js';
import { ConditionError } from '../../../core/motion/condition-error.js';
import { buildMotionConditions, type MotionConditionsInput } from '../../../core/motion/conditions.js';
import { facsPrototypeFor } from '../../../core/motion/facs-prototypes.js';
import { groupMask, maskIndices, regionMasks } from '../../../core/motion/region-masks.js';
import { createRng } from '../../../core/sampler/rng.js';
import { fakeSpeech, makePlan, segment, testPrototypeFor } from './fakes.js';

const FPS = 25;
const at = (array: Float32Array, t: number, name: string) =>
  array[t * CHANNEL_COUNT + channelIndex(name)] as number;

function build(overrides: Partial<MotionConditionsInput> = {}) {
  return buildMotionConditions({
    plan: makePlan(),
    speech: fakeSpeech(50, FPS),
    fps: FPS,
    prototypeFor: testPrototypeFor,
    blinkRng: createRng(1),
    ...overrides,
  });
}

describe('buildMotionConditions', () => {
  it('local: the plan AUs at their intensities on the apex; global: prototypes × emotion weight × intensity', () => {
    // Prepare: happy 0.5 + sad 0.5; the strongest own AU (0.8) sets the segment intensity
    const plan = makePlan([
      segment({
        emotions: [
          { label: 'happy', weight: 0.5 },
          { label: 'sad', weight: 0.5 },
        ],
      }),
    ]);
    // Act
    const c = build({ plan });
    // Assess (frame 30 is on the apex)
    expect(at(c.local, 30, 'AU12L')).toBeCloseTo(0.8, 6);
    expect(at(c.local, 30, 'AU6')).toBeCloseTo(0.5, 6);
    expect(at(c.local, 30, 'AU4')).toBe(0);
    expect(at(c.global, 30, 'AU12R')).toBeCloseTo(0.8 * 0.5 * 1, 6);
    expect(at(c.global, 30, 'AU6')).toBeCloseTo(0.8 * 0.5 * 0.7, 6);
    expect(at(c.global, 30, 'AU15')).toBeCloseTo(0.8 * 0.5 * 0.9, 6);
    expect(at(c.global, 0, 'AU12R')).toBeLessThan(at(c.global, 30, 'AU12R')); // onset
  });

  it("maps lateral AUs: 'left' -> AU12L only, 'right' -> AU12R only, 'both' -> both", () => {
    // Prepare
    const plan = makePlan([
      segment({
        actionUnits: [
          { au: 12, name: 'Lip corner puller', intensity: 0.6, side: 'left' },
          { au: 14, name: 'Dimpler', intensity: 0.4, side: 'right' },
          { au: 2, name: 'Outer brow raiser', intensity: 0.3, side: 'both' },
        ],
      }),
    ]);
    // Act
    const c = build({ plan });
    // Assess
    expect([at(c.local, 30, 'AU12L'), at(c.local, 30, 'AU12R')]).toEqual([expect.closeTo(0.6, 6), 0]);
    expect([at(c.local, 30, 'AU14L'), at(c.local, 30, 'AU14R')]).toEqual([0, expect.closeTo(0.4, 6)]);
    expect(at(c.local, 30, 'AU2L')).toBeCloseTo(0.3, 6);
    expect(at(c.local, 30, 'AU2R')).toBeCloseTo(0.3, 6);
  });

  it('a one-sided prototype AU follows the side the plan gives it (contempt on the left)', () => {
    // Prepare
    const plan = makePlan([
      segment({
        emotions: [{ label: 'contempt', weight: 1 }],
        actionUnits: [{ au: 12, name: 'Lip corner puller', intensity: 0.5, side: 'left' }],
      }),
    ]);
    // Act
    const c = build({ plan });
    // Assess
    expect(at(c.global, 30, 'AU12L')).toBeCloseTo(0.25, 6);
    expect(at(c.global, 30, 'AU12R')).toBe(0);
  });

  it('two segments: the first expression fades into the second, in order', () => {
    // Prepare
    const plan = makePlan([
      segment({ start: 0, end: 0.5 }),
      segment({
        start: 0.5,
        end: 1,
        emotions: [{ label: 'sad', weight: 1 }],
        actionUnits: [{ au: 15, name: 'Lip corner depressor', intensity: 0.7, side: 'both' }],
      }),
    ]);
    // Act
    const c = build({ plan, speech: fakeSpeech(100, FPS) });
    // Assess
    expect(at(c.local, 20, 'AU12L')).toBeCloseTo(0.8, 6);
    expect(at(c.local, 20, 'AU15')).toBe(0);
    expect(at(c.local, 80, 'AU12L')).toBe(0);
    expect(at(c.local, 80, 'AU15')).toBeCloseTo(0.7, 6);
    expect(at(c.local, 48, 'AU12L')).toBeGreaterThan(at(c.local, 52, 'AU12L'));
    expect(at(c.local, 52, 'AU15')).toBeGreaterThan(at(c.local, 48, 'AU15'));
    expect(c.envelopes).toHaveLength(2);
  });

  it('copies the speech articulation into both conditions, the neutral one and the targets; head and gaze stay 0', () => {
    // Prepare
    const speech = fakeSpeech(50, FPS);
    // Act
    const c = build({ speech });
    // Assess
    for (const name of ARTICULATION_CHANNELS) {
      for (let t = 0; t < 50; t++) {
        const target = speech.articulation[name][t] as number;
        for (const array of [c.global, c.local, c.neutral, c.articulation])
          expect(at(array, t, name)).toBe(target);
      }
    }
    expect(maskIndices(c.articulationMask)).toEqual(ARTICULATION_CHANNELS.map((n) => channelIndex(n)));
    for (const name of ['headYaw', 'headPitch', 'headRoll', 'gazeX', 'gazeY']) {
      for (let t = 0; t < 50; t++) expect(at(c.global, t, name) + at(c.local, t, name)).toBe(0);
    }
    expect(c.null.every((v) => v === 0)).toBe(true);
    expect(
      c.neutral.filter((_, k) => MOTION_CHANNELS[k % CHANNEL_COUNT]?.group === 'au').every((v) => v === 0),
    ).toBe(true);
  });

  it('pads speech shorter than the clip with silence (jaw closed, lips closed) and warns', () => {
    // Act
    const c = build({ speech: fakeSpeech(20, FPS), frames: 30 });
    // Assess
    expect(at(c.articulation, 25, 'jawOpen')).toBe(0);
    expect(at(c.articulation, 25, 'lipClose')).toBe(1);
    expect(c.warnings.some((w) => w.includes('20 of 30'))).toBe(true);
  });

  it('AU43 is a sustained target; AU45 becomes a blink event; AU46 a blink with a warning', () => {
    // Prepare
    const plan = makePlan([
      segment({
        actionUnits: [
          { au: 43, name: 'Eyes closed', intensity: 0.6, side: 'both' },
          { au: 46, name: 'Wink', intensity: 1, side: 'left' },
        ],
      }),
    ]);
    // Act
    const c = build({ plan });
    // Assess
    expect(at(c.local, 40, 'AU43')).toBeCloseTo(0.6, 6);
    expect(c.blinksSec).toHaveLength(1);
    const blink = Array.from({ length: 50 }, (_, t) => at(c.global, t, 'blink'));
    expect(Math.max(...blink)).toBe(1);
    expect(blink.filter((v) => v > 0).length).toBeLessThanOrEqual(7); // ~0.23 s at 25 fps
    expect(c.warnings.some((w) => w.includes('AU46'))).toBe(true);
  });

  it('schedules blinks from the plan rate, deterministically per seed, in every condition but null', () => {
    // Prepare
    const plan = makePlan([segment()], { blinkRatePerMin: 30, headMotion: 0.5 });
    const speech = fakeSpeech(750, FPS); // 30 s
    // Act
    const a = build({ plan, speech, blinkRng: createRng(9) });
    const again = build({ plan, speech, blinkRng: createRng(9) });
    // Assess: 15 expected (Gamma(3) intervals)
    expect(a.blinksSec).toEqual(again.blinksSec);
    expect(a.blinksSec.length).toBeGreaterThanOrEqual(8);
    expect(a.blinksSec.length).toBeLessThanOrEqual(22);
    const d = channelIndex('blink');
    for (let k = d; k < a.global.length; k += CHANNEL_COUNT) {
      expect(a.local[k]).toBe(a.global[k]);
      expect(a.neutral[k]).toBe(a.global[k]);
    }
  });

  it('scales AU targets by intensity, and warns about AUs and emotions it cannot place', () => {
    // Prepare
    const plan = makePlan([
      segment({
        emotions: [{ label: 'bewildered', weight: 1 }],
        actionUnits: [
          { au: 12, name: 'Lip corner puller', intensity: 0.8, side: 'both' },
          { au: 13, name: 'Cheek puffer', intensity: 0.5, side: 'both' },
          { au: 4, name: 'Brow lowerer', intensity: 0.5, side: 'left' },
        ],
      }),
    ]);
    // Act
    const c = build({ plan, intensity: 0.5 });
    // Assess
    expect(at(c.local, 30, 'AU12L')).toBeCloseTo(0.4, 6);
    expect(c.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('AU13'),
        expect.stringContaining('"bewildered"'),
        expect.stringContaining('AU4 has no per-side'),
      ]),
    );
  });

  it('uses the FACS prototypes by default (happy: AU12 at full weight)', () => {
    const c = build({ prototypeFor: facsPrototypeFor });
    expect(at(c.global, 30, 'AU12L')).toBeCloseTo(0.8, 6);
    expect(facsPrototypeFor('Happy')).toBeDefined();
  });

  it('rejects a speech frame rate that differs from the video', () => {
    expect(() => build({ fps: 30 })).toThrow(ConditionError);
  });
});

describe('region masks', () => {
  it('cover exactly the channels each region owns, disjointly, and no articulation channel', () => {
    // Act
    const masks = regionMasks();
    // Assess
    const owned = new Set<number>();
    for (const region of GUIDANCE_REGIONS) {
      const indices = maskIndices(masks[region]);
      expect(indices.map((d) => MOTION_CHANNELS[d]?.region)).toEqual(indices.map(() => region));
      for (const d of indices) {
        expect(owned.has(d)).toBe(false);
        owned.add(d);
      }
    }
    expect(owned.size).toBe(MOTION_CHANNELS.filter((c) => c.region).length);
    expect(maskIndices(masks.brows).map((d) => MOTION_CHANNELS[d]?.name)).toEqual([
      'AU1',
      'AU2L',
      'AU2R',
      'AU4',
    ]);
    for (const d of maskIndices(groupMask('articulation'))) expect(owned.has(d)).toBe(false);
  });
});
