/**
 * End to end: runDraw (motion -> portrait -> render + encode -> preview sheet) at 512 px, 25 fps,
 * 25 steps for 5, 10, 30 and 60 s clips. Real-time factor = wall time / clip duration (issue 4's
 * target: <= 0.25 at 10 s on 2 cores). Each clip length runs in its own child process
 * (bench/e2e-child.ts) so its peak RSS is that clip's, not the whole benchmark's. Motion and
 * portrait run concurrently (their stage times overlap), and previewMs overlaps finishMs (ffmpeg's
 * tail); nodeCpuMs + ffmpegCpuMs is the CPU a clip costs, which shared cores do not inflate as much.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { E2eChildResult } from '../e2e-child.js';
import { type Measurement, median, quantile } from '../measure.js';
import { MOTION_BENCH } from './motion.js';

export const E2E_BENCH = {
  durationsSec: MOTION_BENCH.durationsSec,
  /** Per-stage timings runDraw reports, reported as medians. */
  stages: [
    'audioMs',
    'motionMs',
    'portraitMs',
    'renderMs',
    'encodeMs',
    'writeWaitMs',
    'previewMs',
    'finishMs',
    'nodeCpuMs',
    'ffmpegCpuMs',
  ],
} as const;

const run = promisify(execFile);

export async function benchEndToEnd(runs: number): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const seconds of E2E_BENCH.durationsSec) {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/e2e-child.ts', String(seconds), String(runs)],
      { maxBuffer: 16 * 2 ** 20 },
    );
    const child = JSON.parse(stdout.trim().split('\n').at(-1)!) as E2eChildResult;
    const wall = child.wallMs;
    const stages = Object.fromEntries(
      E2E_BENCH.stages.map((stage) => [stage, median(child.timings.map((t) => t[stage] ?? 0))]),
    );
    const medianMs = median(wall);
    results.push({
      name: `runDraw ${seconds} s (512 px, ${seconds * MOTION_BENCH.fps} frames, ${MOTION_BENCH.steps} steps)`,
      runs,
      medianMs,
      p95Ms: quantile(wall, 0.95),
      minMs: Math.min(...wall),
      maxMs: Math.max(...wall),
      extra: {
        rtf: medianMs / (seconds * 1000),
        ...stages,
        peakRssMiB: Math.round(child.maxRssKiB / 1024),
      },
    });
  }
  return results;
}
