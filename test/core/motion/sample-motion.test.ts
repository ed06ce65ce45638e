import { describe, expect, it } from 'vitest';
import {
  ARTICULATION_CHANNELS,
  CHANNEL_COUNT,
  channelIndex,
  MOTION_CHANNELS,
} from '../../../core/motion/channels.js';
import { ConditionError } from '../../../core/motion/condition-error.js';
import { type MotionStep, motionRows, sampleMotion } from '../../../core/motion/sample-motion.js';
import { GUIDANCE_DEFAULTS } from '../../../core/sampler/progressive-guidance.js';
import { fakeSpec, GaussianDenoiser } from '../sampler/gaussian-fake.js';
import { fakeSpeech, makePlan, segment, testPrototypeFor } from './fakes.js';
import { PriorDenoiser } from './prior-denoiser.js';

const FRAMES = 50;
const speech = fakeSpeech(FRAMES, 25);
const base = { plan: makePlan(), speech, prototypeFor: testPrototypeFor, steps: 12 } as const;
const channelMean = (frames: Float32Array, name: string, from = 0) => {
  let sum = 0;
  for (let t = from; t < FRAMES; t++) sum += frames[t * CHANNEL_COUNT + channelIndex(name)] as number;
  return sum / (FRAMES - from);
};

describe('sampleMotion', () => {
  it('is deterministic per seed, pins articulation to the speech exactly, and clamps every channel', async () => {
    // Prepare
    const denoiser = new PriorDenoiser();
    // Act
    const a = await sampleMotion({ ...base, denoiser, seed: 11 });
    const again = await sampleMotion({ ...base, denoiser, seed: 11 });
    const other = await sampleMotion({ ...base, denoiser, seed: 12 });
    // Assess
    expect(Array.from(again.frames)).toEqual(Array.from(a.frames));
    expect(Array.from(other.frames)).not.toEqual(Array.from(a.frames));
    expect(a.frames).toHaveLength(FRAMES * CHANNEL_COUNT);
    for (const name of ARTICULATION_CHANNELS) {
      for (let t = 0; t < FRAMES; t++)
        expect(a.frames[t * CHANNEL_COUNT + channelIndex(name)]).toBe(speech.articulation[name][t]);
    }
    a.frames.forEach((v, k) => {
      const c = MOTION_CHANNELS[k % CHANNEL_COUNT];
      expect(v).toBeGreaterThanOrEqual(c?.min as number);
      expect(v).toBeLessThanOrEqual(c?.max as number);
    });
    const globalSteps = Math.round(GUIDANCE_DEFAULTS.switchFraction * 12);
    expect(a.timings.denoiserCalls).toBe(12);
    expect(a.timings.denoiserItems).toBe(globalSteps * 2 + (12 - globalSteps) * 3);
    expect(a.sigmas).toHaveLength(13);
    expect(a.modelId).toBe('motion-prior-reference@test');
  });

  it('follows the plan with the default guidance: the AUs come out near their targets', async () => {
    // Prepare: 8 s, AU12 at 0.5 (prior std 0.08, correlation time 0.4 s: SE of a mean ≈ 0.03)
    const plan = makePlan([
      segment({ actionUnits: [{ au: 12, name: 'Lip corner puller', intensity: 0.5, side: 'both' }] }),
    ]);
    const long = fakeSpeech(200, 25);
    // Act
    const sample = await sampleMotion({
      ...base,
      plan,
      speech: long,
      denoiser: new PriorDenoiser(),
      seed: 3,
      steps: 30,
    });
    // Assess: 3 SE plus the ~10 % overshoot the default global phase leaves (GUIDANCE_DEFAULTS)
    const mean = (name: string) => {
      let sum = 0;
      for (let t = 20; t < 200; t++) sum += sample.frames[t * CHANNEL_COUNT + channelIndex(name)] as number;
      return sum / 180;
    };
    expect(Math.abs(mean('AU12L') - 0.5)).toBeLessThan(0.15);
    expect(Math.abs(mean('AU4'))).toBeLessThan(0.1);
  });

  it('a larger global scale raises the prototype AUs (global phase throughout)', async () => {
    // Prepare: the plan's own AUs are weak; the happy prototype carries AU12 and AU6
    const plan = makePlan([
      segment({ actionUnits: [{ au: 25, name: 'Lips part', intensity: 0.5, side: 'both' }] }),
    ]);
    const run = (globalScale: number) =>
      sampleMotion({
        ...base,
        plan,
        denoiser: new PriorDenoiser(),
        seed: 5,
        guidance: { globalScale, switchFraction: 1 },
      });
    // Act
    const [low, high] = await Promise.all([run(1), run(2)]);
    // Assess
    for (const name of ['AU12L', 'AU12R', 'AU6']) {
      expect(channelMean(high.frames, name, 15)).toBeGreaterThan(channelMean(low.frames, name, 15) + 0.1);
    }
  });

  it('scales head motion by plan.global.headMotion / 0.5', async () => {
    // Prepare
    const plan = (headMotion: number) => makePlan([segment()], { blinkRatePerMin: 0, headMotion });
    const run = (headMotion: number) =>
      sampleMotion({ ...base, plan: plan(headMotion), denoiser: new PriorDenoiser(), seed: 8 });
    // Act
    const [still, normal, lively] = await Promise.all([run(0), run(0.5), run(1)]);
    // Assess
    const yaw = channelIndex('headYaw');
    for (let t = 0; t < FRAMES; t++) {
      const k = t * CHANNEL_COUNT + yaw;
      expect(Object.is(still.frames[k], 0)).toBe(true);
      expect(lively.frames[k]).toBeCloseTo(2 * (normal.frames[k] as number), 6);
    }
    expect(lively.headMotionScale).toBe(2);
  });

  it('reports steps with their guidance phase, and runs DDIM with η', async () => {
    // Prepare
    const steps: MotionStep[] = [];
    // Act
    const sample = await sampleMotion({
      ...base,
      denoiser: new PriorDenoiser(),
      seed: 2,
      sampler: 'ddim',
      eta: 1,
      steps: 10,
      guidance: { switchFraction: 0.5 },
      onStep: (s) => {
        steps.push(s);
      },
    });
    // Assess
    expect(steps.map((s) => s.phase)).toEqual([...Array(5).fill('global'), ...Array(5).fill('local')]);
    expect(sample.sampler).toBe('ddim');
    expect(sample.eta).toBe(1);
    expect(sample.guidance.sigmaSwitch).toBe(sample.sigmas[5]);
  });

  it('gives JSON rows, one per frame', async () => {
    // Act
    const sample = await sampleMotion({ ...base, denoiser: new PriorDenoiser(), seed: 1, steps: 4 });
    const rows = motionRows(sample);
    // Assess
    expect(rows).toHaveLength(FRAMES);
    expect(rows[3]).toEqual(Array.from(sample.frames.subarray(3 * CHANNEL_COUNT, 4 * CHANNEL_COUNT)));
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it('rejects a model whose channels differ, and warns when its fps differs', async () => {
    // Prepare
    const variance = new Float64Array(CHANNEL_COUNT).fill(0.01);
    const reordered = new GaussianDenoiser(
      fakeSpec({ channels: [...fakeSpec().channels].reverse() }),
      variance,
    );
    const slow = new GaussianDenoiser(fakeSpec({ fps: 30 }), variance);
    // Act / Assess
    await expect(sampleMotion({ ...base, denoiser: reordered, seed: 1 })).rejects.toThrow(ConditionError);
    const sample = await sampleMotion({ ...base, denoiser: slow, seed: 1, steps: 3 });
    expect(sample.warnings.some((w) => w.includes('30 fps'))).toBe(true);
  });
});
