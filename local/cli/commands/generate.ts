/**
 * `tbd generate`: Think -> Draw -> render -> encode, in-process, for one portrait and speech
 * track. A progress bar on a terminal (plain lines otherwise) and a one-line summary.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type Command, Option } from 'commander';
import { MOTION_DEFAULTS } from '../../../containers/gpu-sampler/src/pipeline/motion-defaults.js';
import { parseIntOption, parsePositiveNumber } from '../option-parsers.js';
import { createProgress } from '../progress.js';
import { reportError, UsageError } from '../usage-error.js';

export const GENERATE_DEFAULTS = {
  /** @default 'out/video.mp4' */
  out: 'out/video.mp4',
  /** @default 512 */
  size: 512,
  /** @default 'face' */
  crop: 'face',
} as const;

export interface GenerateCliOptions {
  readonly portrait: string;
  readonly audio: string;
  readonly emotion?: string;
  readonly plan?: string;
  readonly out: string;
  readonly seed: number;
  readonly steps: number;
  readonly size: number;
  readonly fps: number;
  readonly crop: 'face' | 'full';
  readonly intensity?: number;
  readonly motionOut?: string;
  readonly preview?: string;
  readonly plot?: string;
  readonly planOut?: string;
}

function parseEvenSize(value: string): number {
  const n = parseIntOption('--size', 64, 4096)(value);
  if (n % 2 !== 0) throw new UsageError(`--size must be even (H.264 yuv420p), got ${n}`);
  return n;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('make an emotional talking-head video from a portrait, a speech track and an emotion')
    .requiredOption('-i, --portrait <image>', 'the face: PNG, JPEG or WebP')
    .requiredOption('-a, --audio <file>', 'speech: WAV, MP3, M4A, OGG or FLAC (at most 60 s)')
    .option('-e, --emotion <text>', 'the emotion in free text, e.g. "calm at first, then increasingly angry"')
    .option('-p, --plan <file>', 'an expression plan JSON (from `tbd think --json`) instead of --emotion')
    .option('-o, --out <file>', 'the MP4 to write', GENERATE_DEFAULTS.out)
    .option('--seed <n>', 'random seed', parseIntOption('--seed', 0, 2 ** 32 - 1), MOTION_DEFAULTS.seed)
    .option('--steps <n>', 'sampler steps', parseIntOption('--steps', 1, 500), MOTION_DEFAULTS.steps)
    .option('--size <px>', 'output frame side (even)', parseEvenSize, GENERATE_DEFAULTS.size)
    .option('--fps <n>', 'frames per second', parseIntOption('--fps', 1, 60), MOTION_DEFAULTS.fps)
    .addOption(
      new Option('--crop <mode>', 'frame the face, or keep the full portrait')
        .choices(['face', 'full'])
        .default(GENERATE_DEFAULTS.crop),
    )
    .option('--intensity <x>', 'expression scale, 1 = as tuned (0..2)', parsePositiveNumber('--intensity', 2))
    .option('--motion-out <file>', 'also write the sampled motion (motion.json)')
    .option('--preview <file>', 'also write a contact sheet of frames (PNG)')
    .option('--plot <file>', 'also write a chart of the AU curves over time (PNG)')
    .option('--plan-out <file>', 'also write the expression plan (JSON)')
    .action(async (options: GenerateCliOptions) => {
      process.exitCode = await runGenerate(options);
    });
}

export async function runGenerate(options: GenerateCliOptions): Promise<number> {
  const progress = createProgress();
  const work = await mkdtemp(join(tmpdir(), 'tbd-generate-'));
  try {
    const started = performance.now();
    const [{ resolvePlan }, { defaultModelDir, OnnxDenoiser }, { runDraw }, { readInput, writeAtomically }] =
      await Promise.all([
        import('../plan-input.js'),
        import('../../../containers/gpu-sampler/src/denoiser/index.js'),
        import('../../../containers/gpu-sampler/src/pipeline/run-draw.js'),
        import('./motion.js'),
      ]);
    const [portrait, audio] = await Promise.all([
      readInput(options.portrait, '--portrait'),
      readInput(options.audio, '--audio'),
    ]);
    progress.note('think: reasoning about the emotion ...');
    const plan = await resolvePlan(options);
    const denoiser = await OnnxDenoiser.create(defaultModelDir());
    let stage = '';
    const result = await runDraw(
      {
        portrait,
        portraitName: basename(options.portrait),
        audio,
        audioName: basename(options.audio),
        plan,
        options: {
          seed: options.seed,
          steps: options.steps,
          size: options.size,
          fps: options.fps,
          crop: options.crop,
          ...(options.intensity !== undefined ? { intensity: options.intensity } : {}),
        },
      },
      work,
      {
        denoiser,
        onProgress: (name, done, total) => {
          if (name !== stage) {
            stage = name;
            progress.stage(name, total);
          }
          progress.update(done);
        },
      },
    );
    progress.stop();
    for (const warning of result.warnings ?? []) progress.note(`warning: ${warning}`);

    await mkdir(dirname(options.out) || '.', { recursive: true });
    await moveInto(result.videoPath, options.out);
    if (options.preview) await moveInto(result.previewPath, options.preview);
    if (options.motionOut) await moveInto(result.motionPath, options.motionOut);
    if (options.planOut) await writeAtomically(options.planOut, `${JSON.stringify(plan, null, 2)}\n`);
    if (options.plot) {
      const { writeAuPlot } = await import('../../../containers/gpu-sampler/src/pipeline/au-plot.js');
      const motion = JSON.parse(await readFile(result.motionPath, 'utf8'));
      await writeAuPlot(options.plot, motion);
    }
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `generated ${options.out}: ${result.durationSec.toFixed(2)} s, ${result.frames} frames at ${result.fps} fps, ` +
        `${options.size}x${options.size}, in ${seconds.toFixed(1)} s (real-time factor ${(seconds / result.durationSec).toFixed(2)})\n`,
    );
    return 0;
  } catch (error) {
    progress.stop();
    return reportError('generate', error);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Copies a finished file to its destination through a temporary sibling, then renames. */
async function moveInto(from: string, to: string): Promise<void> {
  await mkdir(dirname(to) || '.', { recursive: true });
  const partial = `${to}.partial-${process.pid}`;
  await copyFile(from, partial);
  const { rename } = await import('node:fs/promises');
  await rename(partial, to);
}
