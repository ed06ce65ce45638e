/**
 * Render: ms per frame at 512x512 over a real sampled motion of 10 s (250 frames at 25 fps,
 * 25 steps). Each run renders every frame; the figures are per frame (run time / frames).
 */
import { readFile } from 'node:fs/promises';
import { defaultModelDir, OnnxDenoiser } from '../../containers/gpu-sampler/src/denoiser/index.js';
import { analyzePortrait } from '../../containers/gpu-sampler/src/face/analyze-portrait.js';
import {
  createFrameRenderer,
  type FrameRenderer,
} from '../../containers/gpu-sampler/src/render/render-frame.js';
import { FacsReasoner } from '../../core/facs/facs-reasoner.js';
import { type MotionSample, sampleMotion } from '../../core/motion/sample-motion.js';
import { extractSpeechFeatures } from '../../core/speech/features.js';
import { type Measurement, measure, median } from '../measure.js';
import { FACE_BENCH } from './face.js';
import { MOTION_BENCH, speechOfLength } from './motion.js';

export const RENDER_BENCH = {
  seconds: 10,
  size: 512,
  emotion: 'calm at first, then increasingly angry',
} as const;

/** A real 10 s motion and a 512 px renderer of the example portrait (shared with the encode section). */
export async function renderFixture(seconds: number = RENDER_BENCH.seconds): Promise<{
  motion: MotionSample;
  renderer: FrameRenderer;
}> {
  const denoiser = await OnnxDenoiser.create(defaultModelDir());
  const plan = await new FacsReasoner().reason(RENDER_BENCH.emotion);
  const speech = extractSpeechFeatures(await speechOfLength(seconds), { fps: MOTION_BENCH.fps });
  const motion = await sampleMotion({ denoiser, plan, speech, seed: 1, steps: MOTION_BENCH.steps });
  const analysis = await analyzePortrait(new Uint8Array(await readFile(FACE_BENCH.portrait)), {
    size: RENDER_BENCH.size,
    crop: 'face',
  });
  return { motion, renderer: createFrameRenderer(analysis) };
}

/** A whole-run measurement restated per item (frame). */
export function perItem(m: Measurement, items: number, name: string): Measurement {
  return {
    name,
    runs: m.runs,
    medianMs: m.medianMs / items,
    p95Ms: m.p95Ms / items,
    minMs: m.minMs / items,
    maxMs: m.maxMs / items,
  };
}

export async function benchRender(runs: number): Promise<Measurement[]> {
  const { motion, renderer } = await renderFixture();
  const D = motion.channels.length;
  const T = motion.frameCount;
  const frame = new Uint8Array(renderer.width * renderer.height * 3);
  const cpuMs: number[] = [];
  const m = await measure(
    'whole clip',
    () => {
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < T; i++) renderer.render(motion.frames.subarray(i * D, (i + 1) * D), frame);
      const cpu = process.cpuUsage(cpu0);
      cpuMs.push((cpu.user + cpu.system) / 1000);
    },
    { runs },
  );
  const perFrame = perItem(
    m,
    T,
    `render ms/frame ${renderer.width}x${renderer.height} (${RENDER_BENCH.seconds} s motion, ${T} frames)`,
  );
  // CPU time per frame (the renderer is single-threaded): steadier than wall time on shared cores.
  const cpuPerFrame = median(cpuMs.slice(-runs)) / T;
  return [
    {
      ...perFrame,
      extra: { frames: T, fps: 1000 / perFrame.medianMs, clipMs: m.medianMs, cpuMsPerFrame: cpuPerFrame },
    },
  ];
}
