import { describe, expect, it } from 'vitest';
import { CHANNEL_COUNT, channelIndex, GUIDANCE_REGIONS } from '../../../core/motion/channels.js';
import { groupMask, maskIndices, regionMasks } from '../../../core/motion/region-masks.js';
import {
  GUIDANCE_DEFAULTS,
  type GuidanceConditions,
  progressiveGuidance,
  resolveGuidance,
  switchSigmaFor,
} from '../../../core/sampler/progressive-guidance.js';
import { createRng } from '../../../core/sampler/rng.js';
import { SamplerError } from '../../../core/sampler/sampler-error.js';
import { karrasSigmas } from '../../../core/sampler/sigmas.js';
import { fakeSpec, GaussianDenoiser } from './gaussian-fake.js';

const FRAMES = 12;
const SIZE = FRAMES * CHANNEL_COUNT;

/** Random, distinct global / local / neutral conditions; articulation pinned to known targets. */
function syntheticConditions(seed = 1): GuidanceConditions {
  const rng = createRng(seed);
  const random = () => Float32Array.from({ length: SIZE }, () => rng.next());
  const articulationMask = groupMask('articulation');
  const articulation = new Float32Array(SIZE);
  for (let k = 0; k < SIZE; k++) if (articulationMask[k % CHANNEL_COUNT] === 1) articulation[k] = rng.next();
  return {
    frames: FRAMES,
    global: random(),
    local: random(),
    null: new Float32Array(SIZE),
    neutral: random(),
    articulation,
    articulationMask,
    regionMasks: regionMasks(),
  };
}

function fake() {
  return new GaussianDenoiser(fakeSpec(), new Float64Array(CHANNEL_COUNT).fill(0.05));
}

const noisyX = (seed = 2) => createRng(seed).fillNormal(new Float32Array(SIZE));

describe('progressiveGuidance', () => {
  it('above σ_s applies classifier-free guidance toward the global condition in one B = 2 call', async () => {
    // Prepare
    const model = fake();
    const conditions = syntheticConditions();
    const settings = resolveGuidance({ globalScale: 2.5 });
    const guided = progressiveGuidance(model, conditions, settings, 0.5);
    const x = noisyX();
    // Act
    const out = await guided(x, 1.0);
    // Assess
    expect(model.batches.map((b) => b.batch)).toEqual([2]);
    const du = model.denoiseOne(x, 1.0, conditions.neutral);
    const dg = model.denoiseOne(x, 1.0, conditions.global);
    const pinned = maskIndices(conditions.articulationMask);
    for (let k = 0; k < SIZE; k++) {
      if (pinned.includes(k % CHANNEL_COUNT)) continue;
      expect(out[k]).toBeCloseTo((du[k] as number) + 2.5 * ((dg[k] as number) - (du[k] as number)), 5);
    }
  });

  it('a larger global scale pushes the global-condition channels further (prototype AUs rise)', async () => {
    // Prepare: global condition = a smile prototype; neutral has no AUs
    const conditions = {
      ...syntheticConditions(),
      neutral: new Float32Array(SIZE),
      global: new Float32Array(SIZE),
    };
    const smile = [channelIndex('AU12L'), channelIndex('AU12R'), channelIndex('AU6')];
    for (let t = 0; t < FRAMES; t++) for (const d of smile) conditions.global[t * CHANNEL_COUNT + d] = 0.7;
    const x = noisyX(3);
    // Act
    const outs = await Promise.all(
      [1, 2, 4].map((w) =>
        progressiveGuidance(fake(), conditions, resolveGuidance({ globalScale: w }), 0.1)(x, 0.5),
      ),
    );
    // Assess
    for (const d of smile) {
      for (let t = 0; t < FRAMES; t++) {
        const k = t * CHANNEL_COUNT + d;
        expect(outs[1]?.[k]).toBeGreaterThan(outs[0]?.[k] as number);
        expect(outs[2]?.[k]).toBeGreaterThan(outs[1]?.[k] as number);
      }
    }
    const brow = channelIndex('AU4'); // no target in either condition: guidance leaves it alone
    expect(outs[2]?.[brow]).toBeCloseTo(outs[0]?.[brow] as number, 5);
  });

  it.each(GUIDANCE_REGIONS)(
    'below σ_s, region %s: its scale changes only the channels in its mask, bit for bit',
    async (region) => {
      // Prepare
      const conditions = syntheticConditions(7);
      const mask = conditions.regionMasks[region];
      const x = noisyX(8);
      const sigma = 0.05;
      const run = (scale: number) =>
        progressiveGuidance(
          fake(),
          conditions,
          resolveGuidance({ regionScales: { [region]: scale } }),
          0.1,
        )(x, sigma);
      // Act
      const [off, on] = await Promise.all([run(0), run(1.7)]);
      // Assess
      let changedInside = 0;
      for (let k = 0; k < SIZE; k++) {
        if (mask[k % CHANNEL_COUNT] === 1) {
          if (off[k] !== on[k]) changedInside += 1;
        } else {
          expect(on[k], `channel ${k % CHANNEL_COUNT} outside ${region}`).toBe(off[k]);
        }
      }
      expect(changedInside).toBe(FRAMES * maskIndices(mask).length);
    },
  );

  it('below σ_s follows the local formula inside regions and global guidance outside (B = 3)', async () => {
    // Prepare
    const model = fake();
    const conditions = syntheticConditions(3);
    const settings = resolveGuidance({ outsideScale: 1.5 });
    const x = noisyX(4);
    const sigma = 0.2;
    // Act
    const out = await progressiveGuidance(model, conditions, settings, 0.3)(x, sigma);
    // Assess
    expect(model.batches.map((b) => b.batch)).toEqual([3]);
    const du = model.denoiseOne(x, sigma, conditions.neutral);
    const dg = model.denoiseOne(x, sigma, conditions.global);
    const dl = model.denoiseOne(x, sigma, conditions.local);
    const owner = (d: number) => GUIDANCE_REGIONS.find((r) => conditions.regionMasks[r][d] === 1);
    for (let k = 0; k < SIZE; k++) {
      const d = k % CHANNEL_COUNT;
      const region = owner(d);
      const g = dg[k] as number;
      const expected = conditions.articulationMask[d]
        ? (conditions.articulation[k] as number)
        : region
          ? g + settings.regionScales[region] * ((dl[k] as number) - g)
          : (du[k] as number) + 1.5 * (g - (du[k] as number));
      expect(out[k]).toBeCloseTo(expected, 5);
    }
  });

  it('pins the articulation channels to the speech targets exactly in both phases', async () => {
    // Prepare
    const conditions = syntheticConditions(5);
    const guided = progressiveGuidance(fake(), conditions, resolveGuidance(), 0.3);
    const pinned = maskIndices(conditions.articulationMask);
    // Act
    const outs = await Promise.all([guided(noisyX(1), 5), guided(noisyX(2), 0.01)]);
    // Assess
    for (const out of outs) {
      for (let t = 0; t < FRAMES; t++) {
        for (const d of pinned)
          expect(out[t * CHANNEL_COUNT + d]).toBe(conditions.articulation[t * CHANNEL_COUNT + d]);
      }
    }
    expect(guided.phaseAt(5)).toBe('global');
    expect(guided.phaseAt(0.3)).toBe('local');
  });

  it('drops branches it does not need: w_o = 1 gives B = 2, scale 1 and no regions gives B = 1', async () => {
    // Prepare
    const model = fake();
    const conditions = syntheticConditions();
    const noRegions = { brows: 0, eyes: 0, noseCheeks: 0, mouth: 0, jaw: 0 };
    // Act
    await progressiveGuidance(model, conditions, resolveGuidance({ outsideScale: 1 }), 1)(noisyX(), 0.5);
    await progressiveGuidance(
      model,
      conditions,
      resolveGuidance({ outsideScale: 1, regionScales: noRegions }),
      1,
    )(noisyX(), 0.5);
    await progressiveGuidance(model, conditions, resolveGuidance({ globalScale: 1 }), 1)(noisyX(), 2);
    // Assess
    expect(model.batches.map((b) => b.batch)).toEqual([2, 1, 1]);
  });

  it('uses the null condition as ∅ when asked to', async () => {
    // Prepare
    const model = fake();
    const conditions = syntheticConditions();
    // Act
    await progressiveGuidance(
      model,
      conditions,
      resolveGuidance({ unconditional: 'null' }),
      0.1,
    )(noisyX(), 1);
    // Assess
    expect(Array.from(model.batches[0]?.cond.subarray(0, SIZE) ?? [])).toEqual(Array.from(conditions.null));
    expect(Array.from(model.batches[0]?.cond.subarray(SIZE) ?? [])).toEqual(Array.from(conditions.global));
  });
});

describe('guidance settings', () => {
  it('resolves defaults, merges region scales, and places σ_s on the schedule', () => {
    // Prepare
    const sigmas = karrasSigmas(10, 0.002, 10);
    // Act
    const settings = resolveGuidance({ regionScales: { mouth: 3 } });
    // Assess
    expect(settings.globalScale).toBe(GUIDANCE_DEFAULTS.globalScale);
    expect(settings.regionScales).toEqual({ ...GUIDANCE_DEFAULTS.regionScales, mouth: 3 });
    expect(switchSigmaFor(sigmas, settings)).toBe(sigmas[Math.round(GUIDANCE_DEFAULTS.switchFraction * 10)]);
    expect(switchSigmaFor(sigmas, resolveGuidance({ switchFraction: 0.5 }))).toBe(sigmas[5]);
    expect(switchSigmaFor(sigmas, resolveGuidance({ switchFraction: 1 }))).toBe(0);
    expect(switchSigmaFor(sigmas, resolveGuidance({ switchSigma: 0.7 }))).toBe(0.7);
  });

  it('rejects bad settings and a model whose channel count differs', () => {
    expect(() => resolveGuidance({ switchFraction: 1.5 })).toThrow(SamplerError);
    expect(() => resolveGuidance({ globalScale: Number.NaN })).toThrow(/globalScale/);
    const model = new GaussianDenoiser(fakeSpec({ channels: ['a'] }), new Float64Array(1));
    expect(() => progressiveGuidance(model, syntheticConditions(), resolveGuidance(), 1)).toThrow(
      /D = C = 37/,
    );
  });
});
