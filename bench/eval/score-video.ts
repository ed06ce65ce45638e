/**
 * One generated video -> its scores: the MP4 is decoded back to RGB frames with the bundled ffmpeg
 * (what a viewer sees, H.264 artefacts included), every frame is judged (judge.ts), and the numbers
 * of metrics.ts are computed against the motion the pipeline sampled and the audio it was given.
 *
 * Cost: mesh + emotion on every frame (~50 ms on the wasm backend), the face descriptor (~140 ms)
 * on every `descriptorStride`-th frame and the last one.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { ffmpegPath } from '../../containers/gpu-sampler/src/audio/ffmpeg-decode.js';
import {
  type FrameJudgement,
  type HumanEmotionLabel,
  type Judge,
  MESH,
  SAME_PERSON_THRESHOLD,
} from './judge.js';
import { apexFrames, type EmotionVerdict, emotionVerdict, pearson, rmsEnvelope } from './metrics.js';

export interface VideoScore {
  readonly frames: number;
  /** Frames where human found no face. */
  readonly missedFrames: number;
  readonly apexFrames: number;
  readonly emotion: EmotionVerdict;
  readonly identity: {
    readonly min: number;
    readonly mean: number;
    readonly frames: number;
    readonly threshold: number;
    readonly pass: boolean;
  };
  readonly lipSync: { readonly pearson: number; readonly mouthMin: number; readonly mouthMax: number };
  /**
   * Re-detected lip-corner asymmetry over the apex frames, relative to the portrait's own:
   * ((y_L - y_R) - (y_L - y_R)_portrait) / face height, y down, so > 0 = the subject's right corner
   * sits higher than the left (a right-sided AU12/AU14, as the facs reasoner plans contempt).
   */
  readonly cornerAsymmetry: number;
  readonly judgeMs: number;
}

export interface ScoreVideoInput {
  readonly videoPath: string;
  readonly motionPath: string;
  readonly width: number;
  readonly height: number;
  /** The audio the video was made from, as 16 kHz mono samples. */
  readonly audio: Float32Array;
  readonly sampleRate: number;
  /** The portrait frame's judgement (with its descriptor). */
  readonly reference: FrameJudgement;
  readonly judge: Judge;
  readonly descriptorStride: number;
  readonly onFrame?: (done: number, total: number) => void;
}

/** Every frame of an MP4 as packed RGB, decoded by the bundled ffmpeg. */
export async function decodeFrames(path: string, width: number, height: number): Promise<Uint8Array[]> {
  const chunks: Buffer[] = [];
  const stderr: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const ff = spawn(ffmpegPath(), [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      path,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ]);
    ff.stdout.on('data', (d: Buffer) => chunks.push(d));
    ff.stderr.on('data', (d: Buffer) => stderr.push(d));
    ff.on('error', reject);
    ff.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`ffmpeg exited ${code}: ${Buffer.concat(stderr).toString()}`)),
    );
  });
  const all = Buffer.concat(chunks);
  const size = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= all.length; o += size)
    frames.push(new Uint8Array(all.buffer, all.byteOffset + o, size));
  return frames;
}

export async function scoreVideo(input: ScoreVideoInput): Promise<VideoScore> {
  const { judge, reference, width, height } = input;
  const motion = JSON.parse(await readFile(input.motionPath, 'utf8')) as { fps: number; frames: number[][] };
  const frames = await decodeFrames(input.videoPath, width, height);
  const apex = new Set(apexFrames(motion.frames));
  const started = performance.now();
  const judgements: (FrameJudgement | undefined)[] = [];
  for (let t = 0; t < frames.length; t++) {
    const descriptor = t % input.descriptorStride === 0 || t === frames.length - 1;
    judgements.push(await judge.judge(frames[t]!, width, height, { descriptor }));
    input.onFrame?.(t + 1, frames.length);
  }
  const judgeMs = performance.now() - started;

  // Emotion over the apex frames (of the frames that exist in both the video and the motion).
  const verdict = emotionVerdict(judgements.filter((_, t) => apex.has(t)));

  // Identity over the frames with a descriptor.
  const sims: number[] = [];
  for (const j of judgements) {
    if (j?.descriptor && reference.descriptor)
      sims.push(judge.similarity(j.descriptor, reference.descriptor));
  }
  const min = sims.length ? Math.min(...sims) : 0;
  const mean = sims.length ? sims.reduce((s, v) => s + v, 0) / sims.length : 0;

  // Lip sync: re-detected mouth opening against the RMS envelope (frames with a face).
  const rms = rmsEnvelope(input.audio, input.sampleRate, motion.fps, frames.length);
  const mouth: number[] = [];
  const env: number[] = [];
  judgements.forEach((j, t) => {
    if (!j) return;
    mouth.push(j.mouth);
    env.push(rms[t]!);
  });

  // Contempt's one-sidedness: lip-corner heights, relative to the portrait's.
  const cornerDiff = (j: FrameJudgement) => {
    const height = Math.hypot(
      j.mesh[2 * MESH.chin]! - j.mesh[2 * MESH.forehead]!,
      j.mesh[2 * MESH.chin + 1]! - j.mesh[2 * MESH.forehead + 1]!,
    );
    return (j.mesh[2 * MESH.lipCornerL + 1]! - j.mesh[2 * MESH.lipCornerR + 1]!) / height;
  };
  const apexJudged = judgements.filter((j, t): j is FrameJudgement => !!j && apex.has(t));
  const asym = apexJudged.length
    ? apexJudged.reduce((s, j) => s + cornerDiff(j), 0) / apexJudged.length - cornerDiff(reference)
    : Number.NaN;

  return {
    frames: frames.length,
    missedFrames: judgements.filter((j) => !j).length,
    apexFrames: apexJudged.length,
    emotion: verdict,
    identity: {
      min: round(min),
      mean: round(mean),
      frames: sims.length,
      threshold: SAME_PERSON_THRESHOLD,
      pass: sims.length > 0 && min > SAME_PERSON_THRESHOLD,
    },
    lipSync: {
      pearson: round(pearson(mouth, env)),
      mouthMin: round(Math.min(...mouth)),
      mouthMax: round(Math.max(...mouth)),
    },
    cornerAsymmetry: round(asym, 4),
    judgeMs: Math.round(judgeMs),
  };
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export type { HumanEmotionLabel };
