/**
 * Encode: ms per frame for the MP4 encoder (ffmpeg, libx264 at the pipeline's CRF and preset, with
 * the AAC speech track) over 250 rendered 512x512 frames (10 s at 25 fps). Frames are rendered
 * once, before timing; each run streams them all into a fresh encoder and waits for the file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMp4Encoder } from '../../containers/gpu-sampler/src/encode/mp4-encoder.js';
import { DRAW_DEFAULTS } from '../../containers/gpu-sampler/src/pipeline/run-draw.js';
import { type Measurement, measure } from '../measure.js';
import { encodeWav } from '../wav.js';
import { speechOfLength } from './motion.js';
import { perItem, RENDER_BENCH, renderFixture } from './render.js';

export async function benchEncode(runs: number): Promise<Measurement[]> {
  const { motion, renderer } = await renderFixture(RENDER_BENCH.seconds);
  const D = motion.channels.length;
  const T = motion.frameCount;
  const frames: Uint8Array[] = [];
  for (let i = 0; i < T; i++) frames.push(renderer.render(motion.frames.subarray(i * D, (i + 1) * D)));
  const audio = encodeWav(await speechOfLength(RENDER_BENCH.seconds), 16_000);
  const dir = await mkdtemp(join(tmpdir(), 'tbd-bench-encode-'));
  try {
    let n = 0;
    const m = await measure(
      'whole clip',
      async () => {
        const encoder = await openMp4Encoder({
          outPath: join(dir, `clip-${n++}.mp4`),
          width: renderer.width,
          height: renderer.height,
          fps: motion.fps,
          audio: { bytes: audio },
          crf: DRAW_DEFAULTS.crf,
        });
        for (const frame of frames) await encoder.writeFrame(frame);
        await encoder.finish();
      },
      { runs },
    );
    const perFrame = perItem(
      m,
      T,
      `encode ms/frame ${renderer.width}x${renderer.height} (${T} frames, x264 + AAC)`,
    );
    return [{ ...perFrame, extra: { frames: T, clipMs: m.medianMs } }];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
