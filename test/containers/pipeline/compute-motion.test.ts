/**
 * Issue 3's behaviour checks on the example speech, through the real pipeline: the facs reasoner,
 * the WAV decoder, speech features, the ONNX motion prior and progressive guidance.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultModelDir, OnnxDenoiser } from '../../../containers/gpu-sampler/src/denoiser/index.js';
import { computeMotion } from '../../../containers/gpu-sampler/src/pipeline/compute-motion.js';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import { channelIndex } from '../../../core/motion/channels.js';

let denoiser: OnnxDenoiser;
let speech: Uint8Array;
const reasoner = new FacsReasoner();

beforeAll(async () => {
  denoiser = await OnnxDenoiser.create(defaultModelDir());
  speech = await readFile('examples/speech-news-16k.wav');
});

async function motionFor(emotion: string, seed = 3) {
  const plan = await reasoner.reason(emotion);
  return computeMotion({ audio: speech, plan, denoiser, options: { seed, steps: 25 } });
}

function channel(frames: Float32Array, d: number, name: string): Float64Array {
  const i = channelIndex(name);
  const T = frames.length / d;
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) out[t] = frames[t * d + i]!;
  return out;
}

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Frames of the middle half of the clip, where a single-segment plan is at its apex. */
function apex(values: Float64Array): number {
  const T = values.length;
  return mean(values.subarray(Math.floor(T * 0.3), Math.floor(T * 0.7)));
}

describe('computeMotion on the example speech', () => {
  it('"furious": AU4 and the bared teeth (AU16, AU25) lead the apex frames', async () => {
    // Prepare / Act
    const { motion } = await motionFor('furious');
    const D = motion.channels.length;
    const apexOf = (name: string) => apex(channel(motion.frames, D, name));
    // Assess: the anger AUs are strong and stronger than every non-anger AU
    const lead = ['AU4', 'AU16'].map(apexOf);
    const others = ['AU1', 'AU2L', 'AU2R', 'AU6', 'AU12L', 'AU12R', 'AU15', 'AU20', 'AU23', 'AU24'].map(
      apexOf,
    );
    expect(Math.min(...lead)).toBeGreaterThan(0.5);
    expect(apexOf('AU25')).toBeGreaterThan(0.5);
    expect(Math.min(apexOf('AU5'), apexOf('AU7'), apexOf('AU10'))).toBeGreaterThan(0.15);
    expect(Math.min(...lead)).toBeGreaterThan(Math.max(...others) + 0.2);
  });

  it('"a polite smile that doesn\'t reach the eyes": AU12 rises and AU6 stays near zero', async () => {
    const { motion } = await motionFor("a polite smile that doesn't reach the eyes");
    const D = motion.channels.length;
    const au12 = (apex(channel(motion.frames, D, 'AU12L')) + apex(channel(motion.frames, D, 'AU12R'))) / 2;
    const au6 = apex(channel(motion.frames, D, 'AU6'));
    expect(au12).toBeGreaterThan(0.3);
    expect(au6).toBeLessThan(0.12);
  });

  it('the mouth opening follows the loudness (Pearson >= 0.7) and silence keeps the lips closed', async () => {
    const { motion, speech: features } = await motionFor('calm');
    const D = motion.channels.length;
    const jaw = channel(motion.frames, D, 'jawOpen');
    const lipClose = channel(motion.frames, D, 'lipClose');
    expect(pearson(jaw, features.rms)).toBeGreaterThanOrEqual(0.7);
    // Inside silent stretches (both neighbours silent too): the edges ramp with the speech.
    const v = features.voiced;
    const silent = [...v.keys()].filter((t) => v[t] === 0 && (v[t - 1] ?? 0) === 0 && (v[t + 1] ?? 0) === 0);
    expect(silent.length).toBeGreaterThan(5);
    for (const t of silent) {
      expect(jaw[t]).toBeLessThan(0.1);
      expect(lipClose[t]).toBeGreaterThan(0.8);
    }
  });

  it('is deterministic per seed and differs across seeds', async () => {
    const a = await motionFor('quietly heartbroken', 11);
    const b = await motionFor('quietly heartbroken', 11);
    const c = await motionFor('quietly heartbroken', 12);
    expect(Array.from(a.motion.frames)).toEqual(Array.from(b.motion.frames));
    expect(Array.from(a.motion.frames)).not.toEqual(Array.from(c.motion.frames));
  });
});
