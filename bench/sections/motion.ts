/**
 * Motion sampling: Think's plan + speech features -> T x D motion, for 5, 10, 30 and 60 s clips
 * at 25 fps with 25 steps (issue 3's target: 10 s in under 200 ms on 2 cores).
 */
import { readFile } from 'node:fs/promises';
import { loadAudio } from '../../containers/gpu-sampler/src/audio/load-audio.js';
import { defaultModelDir, OnnxDenoiser } from '../../containers/gpu-sampler/src/denoiser/index.js';
import { FacsReasoner } from '../../core/facs/facs-reasoner.js';
import { sampleMotion } from '../../core/motion/sample-motion.js';
import { extractSpeechFeatures } from '../../core/speech/features.js';
import { type Measurement, measure } from '../measure.js';

export const MOTION_BENCH = { durationsSec: [5, 10, 30, 60], fps: 25, steps: 25 } as const;

/** The example speech repeated to the wanted length: real speech statistics at any duration. */
export async function speechOfLength(seconds: number): Promise<Float32Array> {
  const audio = await loadAudio(await readFile('examples/speech-news-16k.wav'));
  const out = new Float32Array(Math.round(seconds * audio.sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = audio.samples[i % audio.samples.length]!;
  return out;
}

export async function benchMotion(runs: number): Promise<Measurement[]> {
  const denoiser = await OnnxDenoiser.create(defaultModelDir());
  const plan = await new FacsReasoner().reason('calm at first, then increasingly angry');
  const results: Measurement[] = [];
  for (const seconds of MOTION_BENCH.durationsSec) {
    const speech = extractSpeechFeatures(await speechOfLength(seconds), { fps: MOTION_BENCH.fps });
    const m = await measure(
      `motion sampling ${seconds} s (${speech.frames} frames, ${MOTION_BENCH.steps} steps)`,
      () => sampleMotion({ denoiser, plan, speech, seed: 1, steps: MOTION_BENCH.steps }),
      { runs },
    );
    results.push({ ...m, extra: { seconds, msPerSecondOfMotion: m.medianMs / seconds } });
  }
  return results;
}
