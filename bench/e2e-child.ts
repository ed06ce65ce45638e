/**
 * One end-to-end clip length in its own process, so its peak RSS is that clip's alone:
 * `node --import tsx bench/e2e-child.ts <seconds> <runs>`. A 2 s warm-up draw (JIT, ONNX session),
 * then `runs` timed runDraw calls at 512 px, 25 fps, 25 steps. Prints one JSON line on stdout:
 * wall times, runDraw's stage timings and the CPU time each draw took (node's threads, ffmpeg).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultModelDir, OnnxDenoiser } from '../containers/gpu-sampler/src/denoiser/index.js';
import { runDraw } from '../containers/gpu-sampler/src/pipeline/run-draw.js';
import { FacsReasoner } from '../core/facs/facs-reasoner.js';
import { FACE_BENCH } from './sections/face.js';
import { MOTION_BENCH, speechOfLength } from './sections/motion.js';
import { RENDER_BENCH } from './sections/render.js';
import { encodeWav } from './wav.js';

export interface E2eChildResult {
  readonly seconds: number;
  readonly wallMs: number[];
  readonly timings: Record<string, number>[];
  readonly maxRssKiB: number;
}

const seconds = Number(process.argv[2]);
const runs = Number(process.argv[3] ?? 5);
if (!(seconds > 0) || !Number.isInteger(runs) || runs < 1)
  throw new Error('usage: e2e-child.ts <seconds> <runs>');

const denoiser = await OnnxDenoiser.create(defaultModelDir());
const plan = await new FacsReasoner().reason(RENDER_BENCH.emotion);
const portrait = new Uint8Array(await readFile(FACE_BENCH.portrait));
const options = { size: FACE_BENCH.size, fps: MOTION_BENCH.fps, steps: MOTION_BENCH.steps, seed: 1 };
const dir = await mkdtemp(join(tmpdir(), 'tbd-bench-e2e-'));

/** CPU time of this process's finished children (ffmpeg), ms: cutime + cstime of /proc/self/stat. */
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[13]) + Number(fields[14]);
  return Number.isFinite(ticks) ? ticks * 10 : 0; // USER_HZ = 100
}

async function draw(clipSec: number): Promise<{ wallMs: number; timings: Record<string, number> }> {
  const audio = encodeWav(await speechOfLength(clipSec), 16_000);
  const outDir = await mkdtemp(join(dir, 'run-'));
  const cpu0 = process.cpuUsage();
  const child0 = childCpuMs();
  const t0 = performance.now();
  const out = await runDraw({ portrait, audio, audioName: 'speech.wav', plan, options }, outDir, {
    denoiser,
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await rm(outDir, { recursive: true, force: true });
  // CPU seconds are steadier than wall time on shared cores: this process (all its threads) and ffmpeg.
  const cpuMs = { nodeCpuMs: (cpu.user + cpu.system) / 1000, ffmpegCpuMs: childCpuMs() - child0 };
  return { wallMs, timings: { ...out.timings, ...cpuMs } };
}

try {
  await draw(2);
  const result: E2eChildResult = { seconds, wallMs: [], timings: [], maxRssKiB: 0 };
  for (let i = 0; i < runs; i++) {
    const r = await draw(seconds);
    result.wallMs.push(r.wallMs);
    result.timings.push(r.timings);
  }
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
