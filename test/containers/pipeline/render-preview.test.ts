/**
 * The expression preview: the apex motion in closed form, and the cached renderer through the
 * real face analysis on the example portrait.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultModelDir, OnnxDenoiser } from '../../../containers/gpu-sampler/src/denoiser/index.js';
import { analyzePortrait } from '../../../containers/gpu-sampler/src/face/analyze-portrait.js';
import { NoFaceError } from '../../../containers/gpu-sampler/src/face/errors.js';
import { computeMotion } from '../../../containers/gpu-sampler/src/pipeline/compute-motion.js';
import {
  apexMotion,
  apexSegment,
  PreviewRenderer,
  PreviewSegmentError,
} from '../../../containers/gpu-sampler/src/pipeline/render-preview.js';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import { CHANNEL_COUNT, channelIndex, MOTION_CHANNELS } from '../../../core/motion/channels.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';

const reasoner = new FacsReasoner();
let portrait: Uint8Array;

beforeAll(async () => {
  portrait = await readFile('examples/portrait-astronaut.png');
});

function withIntensity(plan: ExpressionPlan, au: number, intensity: number): ExpressionPlan {
  return structuredClone({
    ...plan,
    reasoner: 'user',
    segments: plan.segments.map((s) => ({
      ...s,
      actionUnits: s.actionUnits.map((a) => (a.au === au ? { ...a, intensity } : a)),
    })),
  });
}

/** Counts analyses, so cache hits can be told from misses. */
function countingAnalyze() {
  const calls = { count: 0 };
  return {
    calls,
    analyze: (bytes: Uint8Array, options: Parameters<typeof analyzePortrait>[1]) => {
      calls.count++;
      return analyzePortrait(bytes, options);
    },
  };
}

async function rawOf(png: Uint8Array): Promise<Buffer> {
  return sharp(png).raw().toBuffer();
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('apexMotion', () => {
  it('a single-segment plan: its own AUs on their channels, nothing on speech, head, gaze or blink', async () => {
    // Prepare
    const plan = await reasoner.reason('surprised');

    // Act
    const { motion, segment } = apexMotion(plan);

    // Assess
    expect(segment).toBe(0);
    const au1 = plan.segments[0]!.actionUnits.find((a) => a.au === 1)!;
    expect(motion[channelIndex('AU1')]).toBeCloseTo(au1.intensity, 5);
    expect(motion[channelIndex('AU2L')]).toBeGreaterThan(0.3);
    for (const name of ['jawOpen', 'lipClose', 'headYaw', 'gazeX', 'blink', 'AU12L', 'AU4'])
      expect(motion[channelIndex(name)]).toBe(0);
  });

  it('local guidance moves past the prototype toward the plan: g + w (l - g), clamped', async () => {
    // Prepare: "surprised" has AU1 in its prototype; the user halves it.
    const plan = await reasoner.reason('surprised');
    const before = apexMotion(plan).motion[channelIndex('AU1')]!;
    const au1 = plan.segments[0]!.actionUnits.find((a) => a.au === 1)!;

    // Act
    const after = apexMotion(withIntensity(plan, 1, au1.intensity / 2)).motion[channelIndex('AU1')]!;

    // Assess: below the user's value (w = 1.5 overshoots away from the prototype), never below 0.
    expect(after).toBeLessThan(au1.intensity / 2);
    expect(after).toBeGreaterThanOrEqual(0);
    expect(after).toBeLessThan(before);
  });

  it('is what the Draw stage samples at the apex, on average (the shipped motion prior)', async () => {
    // Prepare: "quietly heartbroken" has prototype AUs and plan AUs that differ (guidance acts).
    const plan = await reasoner.reason('quietly heartbroken');
    const denoiser = await OnnxDenoiser.create(defaultModelDir());
    const audio = await readFile('examples/speech-news-16k.wav');

    // Act: the mean of three seeds' frames past the lead-in.
    const mean = new Float64Array(CHANNEL_COUNT);
    let rows = 0;
    for (const seed of [1, 2, 3]) {
      const { motion } = await computeMotion({ audio, plan, denoiser, options: { seed, steps: 25 } });
      for (let t = 10; t < motion.frameCount; t++, rows++)
        for (let d = 0; d < CHANNEL_COUNT; d++) mean[d]! += motion.frames[t * CHANNEL_COUNT + d]!;
    }
    const { motion: apex } = apexMotion(plan);

    // Assess: every AU channel within 0.1, except the ones speech moves (AU25/26 part the lips).
    MOTION_CHANNELS.forEach((channel, d) => {
      if (channel.group !== 'au' || channel.au === 25 || channel.au === 26) return;
      expect(Math.abs(mean[d]! / rows - apex[d]!), channel.name).toBeLessThan(0.1);
    });
  });

  it('the apex of a two-segment plan is its stronger segment; a segment can be chosen', async () => {
    // Prepare
    const plan = await reasoner.reason('slightly sad, then furious');
    expect(plan.segments.length).toBe(2);

    // Act / Assess
    expect(apexSegment(plan)).toBe(1);
    expect(apexMotion(plan).motion[channelIndex('AU4')]).toBeGreaterThan(0.4);
    expect(apexMotion(plan, { segment: 0 }).segment).toBe(0);
    expect(() => apexMotion(plan, { segment: 2 })).toThrow(PreviewSegmentError);
  });
});

describe('PreviewRenderer on the example portrait', () => {
  it('renders a PNG of the asked size with the face box; the second preview reuses the analysis', async () => {
    // Prepare
    const { calls, analyze } = countingAnalyze();
    const previews = new PreviewRenderer({ analyze });
    const plan = await reasoner.reason('surprised');

    // Act
    const first = await previews.render({ portrait, plan, size: 256 });
    const second = await previews.render({ portrait, plan: withIntensity(plan, 1, 0.1), size: 256 });

    // Assess
    const meta = await sharp(first.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 256, 256]);
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(calls.count).toBe(1);
    expect(first.sourceBox.width).toBeGreaterThan(64);
    expect(first.sourceBox.x + first.sourceBox.width).toBeLessThanOrEqual(first.source.width);
    expect(Buffer.compare(Buffer.from(first.png), Buffer.from(second.png))).not.toBe(0);
  });

  it('no plan: the neutral crop, identical to the analysed frame', async () => {
    // Prepare
    const previews = new PreviewRenderer();
    const analysis = await analyzePortrait(portrait, { size: 128 });

    // Act
    const neutral = await previews.render({ portrait, size: 128 });

    // Assess
    expect(neutral.segment).toBe(-1);
    const { data } = await sharp(neutral.png).raw().toBuffer({ resolveWithObject: true });
    expect(Buffer.compare(data, Buffer.from(analysis.image.data))).toBe(0);
  });

  it('intensity scales the expression; another intensity is another renderer, same analysis', async () => {
    // Prepare
    const { calls, analyze } = countingAnalyze();
    const previews = new PreviewRenderer({ analyze });
    const plan = await reasoner.reason('disgusted');

    // Act
    const flat = await previews.render({ portrait, plan, intensity: 0, size: 128 });
    const neutral = await previews.render({ portrait, size: 128 });
    const strong = await previews.render({ portrait, plan, intensity: 1.5, size: 128 });

    // Assess: 0 keeps only what the renderer does unscaled (it still removes the source's smile
    // where the target contradicts it); 1.5 moves the face much further.
    const [f, n, s] = await Promise.all([flat, neutral, strong].map((p) => rawOf(p.png)));
    expect(meanAbsDiff(s!, n!)).toBeGreaterThan(2 * meanAbsDiff(f!, n!));
    expect(calls.count).toBe(1);
  });

  it('keeps at most `cachedPortraits` analyses, least recently used out first', async () => {
    // Prepare
    const { calls, analyze } = countingAnalyze();
    const previews = new PreviewRenderer({ analyze, cachedPortraits: 1 });

    // Act
    await previews.render({ portrait, size: 128 });
    await previews.render({ portrait, size: 160 });
    await previews.render({ portrait, size: 128 });

    // Assess
    expect(previews.size).toBe(1);
    expect(calls.count).toBe(3);
  });

  it('concurrent previews of a new portrait share one analysis', async () => {
    // Prepare
    const { calls, analyze } = countingAnalyze();
    const previews = new PreviewRenderer({ analyze });

    // Act
    const [a, b] = await Promise.all([
      previews.render({ portrait, size: 128 }),
      previews.render({ portrait, size: 128 }),
    ]);

    // Assess
    expect(calls.count).toBe(1);
    expect([a.cache, b.cache]).toEqual(['miss', 'hit']);
  });

  it('a portrait without a face fails with NoFaceError and is not cached', async () => {
    // Prepare
    const previews = new PreviewRenderer();
    const blank = new Uint8Array(
      await sharp({ create: { width: 256, height: 256, channels: 3, background: '#8a8' } })
        .png()
        .toBuffer(),
    );

    // Act / Assess
    await expect(previews.render({ portrait: blank })).rejects.toBeInstanceOf(NoFaceError);
    expect(previews.size).toBe(0);
  });
});
