/**
 * The Draw stage, whole: plan + speech + portrait -> MP4 (+ preview sheet, motion.json).
 * One function for `tbd generate` (in-process) and the sampler server (container or native).
 *
 *   1. motion: audio -> speech features -> progressive-guidance sampling (compute-motion.ts);
 *   2. portrait: face mesh, crop, resize (face/analyze-portrait.ts), the renderer's set-up;
 *   3. render + encode: one frame per motion row, streamed into ffmpeg (no image files);
 *   4. preview sheet and motion.json beside the video, while ffmpeg finishes the file.
 * Every output is written to a temporary name and renamed, so it appears whole or not at all.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DrawOptions } from '../../../../core/contracts/draw-request.js';
import { openMp4Encoder } from '../encode/mp4-encoder.js';
import { analyzePortrait } from '../face/analyze-portrait.js';
import { createFrameRenderer, FRAME_RENDERER_DEFAULTS } from '../render/render-frame.js';
import type { DrawDeps, DrawInputs, DrawOutputs } from '../server/draw-runner.js';
import { computeMotion, motionDocument } from './compute-motion.js';
import { writeContactSheet } from './contact-sheet.js';
import { DrawAbortedError } from './draw-errors.js';

export const DRAW_DEFAULTS = {
  /** Output frame side. @default 512 */
  size: 512,
  /** @default 'face' */
  crop: 'face',
  /** x264 CRF. @default 20 */
  crf: 20,
  /** Frames on the preview sheet. @default 8 */
  previewFrames: 8,
  /**
   * Longest stretch of the render loop without a turn of the event loop, in ms. ffmpeg's stdin
   * often takes a frame at once, and then the loop runs on microtasks alone: without a turn, no
   * timer fires (the request's time limit), no socket is served (the progress document's write,
   * /ping). One turn costs microseconds. @default 25
   */
  renderYieldMs: 25,
} as const;

export const DRAW_FILES = { video: 'video.mp4', preview: 'preview.png', motion: 'motion.json' } as const;

export async function runDraw(inputs: DrawInputs, outDir: string, deps: DrawDeps): Promise<DrawOutputs> {
  const options: DrawOptions = inputs.options ?? {};
  const progress = deps.onProgress ?? (() => {});
  const checkAbort = () => {
    if (deps.signal?.aborted) throw new DrawAbortedError(deps.signal.reason);
  };
  const timings: Record<string, number> = {};
  const started = performance.now();

  // 1. Motion.
  const steps = options.steps;
  const {
    motion,
    speech,
    audio,
    timings: motionTimings,
  } = await computeMotion({
    audio: inputs.audio,
    ...(inputs.audioName ? { audioName: inputs.audioName } : {}),
    plan: inputs.plan,
    denoiser: deps.denoiser,
    options: {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(steps !== undefined ? { steps } : {}),
      ...(options.fps !== undefined ? { fps: options.fps } : {}),
      ...(options.sampler ? { sampler: options.sampler } : {}),
    },
    onStep: (done, total) => progress('motion', done, total),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  timings.audioMs = motionTimings.audioMs + motionTimings.featuresMs;
  timings.motionMs = motionTimings.samplingMs;
  checkAbort();

  // 2. Portrait. (Not concurrently with 1: the sampler's guidance between its ONNX steps and the face
  // mesh both need this thread, so overlapping them gained nothing.)
  let t = performance.now();
  const analysis = await analyzePortrait(inputs.portrait, {
    ...(inputs.portraitName ? { name: inputs.portraitName } : {}),
    size: options.size ?? DRAW_DEFAULTS.size,
    crop: options.crop ?? DRAW_DEFAULTS.crop,
    // The video needs the mesh only, not the emotion scores or the identity descriptor (~130 ms).
    describe: false,
  });
  const renderer = createFrameRenderer(analysis, {
    intensity: FRAME_RENDERER_DEFAULTS.intensity * (options.intensity ?? 1),
  });
  timings.portraitMs = performance.now() - t;
  checkAbort();

  // 3. Render + encode, streamed: ffmpeg (another process) encodes frame n while frame n + 1 renders.
  t = performance.now();
  const { width, height } = renderer;
  const D = motion.channels.length;
  const T = motion.frameCount;
  const videoPath = join(outDir, DRAW_FILES.video);
  const encoder = await openMp4Encoder({
    outPath: videoPath,
    width,
    height,
    fps: motion.fps,
    audio: { bytes: inputs.audio },
    crf: DRAW_DEFAULTS.crf,
  });
  const previewAt = previewFrameIndices(T, DRAW_DEFAULTS.previewFrames);
  const previews: Uint8Array[] = [];
  let renderMs = 0;
  let writeWaitMs = 0;
  try {
    const frame = new Uint8Array(width * height * 3);
    let turnAt = performance.now();
    for (let i = 0; i < T; i++) {
      if (performance.now() - turnAt >= DRAW_DEFAULTS.renderYieldMs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turnAt = performance.now();
      }
      checkAbort();
      const r0 = performance.now();
      renderer.render(motion.frames.subarray(i * D, (i + 1) * D), frame);
      const w0 = performance.now();
      renderMs += w0 - r0;
      if (previewAt.includes(i)) previews.push(frame.slice());
      await encoder.writeFrame(frame);
      writeWaitMs += performance.now() - w0;
      progress('render', i + 1, T);
    }
  } catch (error) {
    await encoder.abort();
    throw error;
  }
  timings.renderMs = renderMs;
  timings.encodeMs = performance.now() - t - renderMs;
  // Of which waiting for ffmpeg to take the frames (when it falls behind: the pipe holds 64 KiB).
  timings.writeWaitMs = writeWaitMs;

  // 4. While ffmpeg finishes (the encoder's tail, the faststart rewrite): preview sheet, motion.json.
  t = performance.now();
  const previewPath = join(outDir, DRAW_FILES.preview);
  const motionPath = join(outDir, DRAW_FILES.motion);
  const sideFiles = (async () => {
    const t0 = performance.now();
    await writeContactSheet(previewPath, previews, width, height, {
      labels: previewAt.map((i) => `${(i / motion.fps).toFixed(1)} s`),
    });
    const partial = `${motionPath}.partial-${process.pid}`;
    await writeFile(partial, `${JSON.stringify(motionDocument(inputs.plan, motion))}\n`);
    await rename(partial, motionPath);
    timings.previewMs = performance.now() - t0;
  })();
  const [encodedResult, sideResult] = await Promise.allSettled([encoder.finish(), sideFiles]);
  if (encodedResult.status === 'rejected') {
    // No video: no preview or motion document beside it either.
    await Promise.all([rm(previewPath, { force: true }), rm(motionPath, { force: true })]);
    throw encodedResult.reason;
  }
  if (sideResult.status === 'rejected') throw sideResult.reason;
  const encoded = encodedResult.value;
  timings.finishMs = performance.now() - t;
  timings.totalMs = performance.now() - started;

  return {
    videoPath: encoded.path,
    previewPath,
    motionPath,
    durationSec: audio.durationSec,
    frames: T,
    fps: motion.fps,
    seed: motion.seed,
    modelId: motion.modelId,
    timings,
    warnings: [...audio.warnings, ...speech.warnings, ...motion.warnings, ...analysis.warnings],
  };
}

/** `count` frames spread evenly over the clip, first and last included. */
export function previewFrameIndices(frames: number, count: number): number[] {
  if (frames <= 0) return [];
  const n = Math.min(count, frames);
  if (n === 1) return [0];
  return [...new Set(Array.from({ length: n }, (_, k) => Math.round((k * (frames - 1)) / (n - 1))))];
}
