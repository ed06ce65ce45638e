/**
 * `tbd motion --audio <file> --emotion "<text>" --out motion.json`: Think (or --plan) and the
 * Draw stage's motion sampling, without a face. Writes `{ fps, channels, frames, plan, seed,
 * sampler, guidance }`.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { MOTION_DEFAULTS } from '../../../containers/gpu-sampler/src/pipeline/motion-defaults.js';
import type { SamplerName } from '../../../core/sampler/samplers.js';
import { parseIntOption, parsePositiveNumber } from '../option-parsers.js';
import { createProgress } from '../progress.js';
import { reportError, UsageError } from '../usage-error.js';

interface MotionCliOptions {
  readonly audio: string;
  readonly emotion?: string;
  readonly plan?: string;
  readonly seed: number;
  readonly steps: number;
  readonly fps: number;
  readonly sampler: SamplerName;
  readonly intensity?: number;
  readonly out: string;
}

export function registerMotion(program: Command): void {
  program
    .command('motion')
    .description('sample the facial motion (AUs, articulation, head, gaze, blink) for a speech track')
    .requiredOption('-a, --audio <file>', 'speech: WAV, MP3, M4A, OGG or FLAC')
    .option('-e, --emotion <text>', 'the emotion, reasoned offline by the facs reasoner')
    .option('-p, --plan <file>', 'an expression plan JSON instead of --emotion')
    .option('--seed <n>', 'random seed', parseIntOption('--seed', 0), MOTION_DEFAULTS.seed)
    .option('--steps <n>', 'sampler steps', parseIntOption('--steps', 1, 500), MOTION_DEFAULTS.steps)
    .option('--fps <n>', 'frames per second', parsePositiveNumber('--fps', 60), MOTION_DEFAULTS.fps)
    .addOption(
      new Option('--sampler <name>', 'sampler')
        .choices(['dpmpp-2m', 'ddim'] satisfies SamplerName[])
        .default(MOTION_DEFAULTS.sampler),
    )
    .option('--intensity <x>', 'expression scale (1 = as planned)', parsePositiveNumber('--intensity', 3))
    .requiredOption('-o, --out <file>', 'where to write motion.json')
    .action(async (options: MotionCliOptions) => {
      process.exitCode = await runMotion(options);
    });
}

async function runMotion(options: MotionCliOptions): Promise<number> {
  const progress = createProgress();
  try {
    // Heavy modules load here, so other commands start fast.
    const [{ resolvePlan }, { defaultModelDir, OnnxDenoiser }, { computeMotion, motionDocument }] =
      await Promise.all([
        import('../plan-input.js'),
        import('../../../containers/gpu-sampler/src/denoiser/index.js'),
        import('../../../containers/gpu-sampler/src/pipeline/compute-motion.js'),
      ]);
    const plan = await resolvePlan(options);
    const audio = await readInput(options.audio, '--audio');
    const denoiser = await OnnxDenoiser.create(defaultModelDir());
    progress.stage('motion', options.steps);
    const { motion, speech } = await computeMotion({
      audio,
      audioName: basename(options.audio),
      plan,
      denoiser,
      options: {
        seed: options.seed,
        steps: options.steps,
        fps: options.fps,
        sampler: options.sampler,
        ...(options.intensity !== undefined ? { intensity: options.intensity } : {}),
      },
      onStep: (done) => progress.update(done),
    });
    progress.stop();
    for (const warning of [...speech.warnings, ...motion.warnings]) progress.note(`warning: ${warning}`);
    await writeAtomically(options.out, `${JSON.stringify(motionDocument(plan, motion))}\n`);
    process.stderr.write(
      `motion: ${options.out} (${motion.frameCount} frames x ${motion.channels.length} channels, ` +
        `${speech.durationSec.toFixed(2)} s, ${motion.timings.samplingMs.toFixed(0)} ms sampling)\n`,
    );
    return 0;
  } catch (error) {
    progress.stop();
    return reportError('motion', error);
  }
}

export async function readInput(path: string, flag: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;

    throw new UsageError(`${flag} ${path}: ${why}`, { cause });
  }
}

/** Writes to a sibling temporary file, then renames: the output appears whole or not at all. */
export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path) || '.', { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  await writeFile(partial, data);
  await rename(partial, path);
}
