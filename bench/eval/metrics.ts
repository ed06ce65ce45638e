/**
 * The evaluation's numbers, from per-frame judgements (judge.ts), the motion and the audio.
 *
 *   emotion top-1   argmax_e mean_{t in apex} p_t(e), the mean class probability over the apex frames;
 *                   apex = { t : E(t) >= APEX_SHARE P95(E) },  E(t) = sum of the AU channels at t
 *                   except the mouth-opening AUs 25, 26, 27 (the motion prior couples them to speech,
 *                   so they would pick the loudest syllables) and AU43 (eye closure, with blinks):
 *                   the emotion's strength in the sampled motion, before rendering
 *   identity        s_t = similarity(descriptor(frame t), descriptor(portrait)), min and mean over the
 *                   frames with a descriptor; pass when min s_t > SAME_PERSON_THRESHOLD
 *   lip sync        Pearson r between the re-detected mouth opening m_t and the audio RMS envelope
 *                   a_t = sqrt(mean of x^2 over frame t's samples, [t/fps, (t+1)/fps)), at zero lag
 */
import { MOTION_CHANNELS } from '../../core/motion/channels.js';
import { type FrameJudgement, HUMAN_EMOTIONS, type HumanEmotionLabel } from './judge.js';

/** Apex frames: at least this share of the clip's peak expression strength. */
export const APEX_SHARE = 0.8;

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n < 2) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

/** a_t: RMS of the samples of each video frame. */
export function rmsEnvelope(
  samples: Float32Array,
  sampleRate: number,
  fps: number,
  frames: number,
): Float32Array {
  const out = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    const i0 = Math.floor((t * sampleRate) / fps);
    const i1 = Math.min(samples.length, Math.floor(((t + 1) * sampleRate) / fps));
    let sum = 0;
    for (let i = i0; i < i1; i++) sum += samples[i]! * samples[i]!;
    out[t] = i1 > i0 ? Math.sqrt(sum / (i1 - i0)) : 0;
  }
  return out;
}

const NOT_EMOTION = new Set([25, 26, 27, 43]);
const AU_INDICES = MOTION_CHANNELS.flatMap((c, d) =>
  c.group === 'au' && !NOT_EMOTION.has(c.au!) ? [d] : [],
);

/** E(t) per frame of a T x D motion (rows). */
export function expressionStrength(rows: readonly (readonly number[])[]): number[] {
  return rows.map((row) => AU_INDICES.reduce((s, d) => s + Math.max(0, row[d] ?? 0), 0));
}

/** Indices of the apex frames of a motion. */
export function apexFrames(rows: readonly (readonly number[])[]): number[] {
  const e = expressionStrength(rows);
  const sorted = [...e].sort((a, b) => a - b);
  const peak = sorted[Math.floor(0.95 * (sorted.length - 1))]!;
  if (!(peak > 0)) return e.map((_, t) => t);
  return e.flatMap((v, t) => (v >= APEX_SHARE * peak ? [t] : []));
}

export interface EmotionVerdict {
  readonly top1: HumanEmotionLabel;
  /** Mean probabilities over the apex frames, rounded to 3 decimals. */
  readonly mean: Readonly<Record<HumanEmotionLabel, number>>;
  /** Share of apex frames whose own top-1 is `top1`. */
  readonly frameShare: number;
  readonly frames: number;
}

export function emotionVerdict(judgements: readonly (FrameJudgement | undefined)[]): EmotionVerdict {
  const sum = Object.fromEntries(HUMAN_EMOTIONS.map((e) => [e, 0])) as Record<HumanEmotionLabel, number>;
  const tops: HumanEmotionLabel[] = [];
  for (const j of judgements) {
    if (!j) continue;
    for (const e of HUMAN_EMOTIONS) sum[e] += j.emotion[e];
    tops.push(argmax(j.emotion));
  }
  const n = Math.max(1, tops.length);
  const mean = Object.fromEntries(
    HUMAN_EMOTIONS.map((e) => [e, Math.round((1000 * sum[e]) / n) / 1000]),
  ) as Record<HumanEmotionLabel, number>;
  const top1 = argmax(mean);
  return { top1, mean, frameShare: tops.filter((t) => t === top1).length / n, frames: tops.length };
}

export function argmax(p: Readonly<Record<HumanEmotionLabel, number>>): HumanEmotionLabel {
  let best: HumanEmotionLabel = 'neutral';
  for (const e of HUMAN_EMOTIONS) if (p[e] > p[best]) best = e;
  return best;
}

/** The runner-up class and its margin below the top-1, for the report. */
export function runnerUp(p: Readonly<Record<HumanEmotionLabel, number>>): [HumanEmotionLabel, number] {
  const sorted = [...HUMAN_EMOTIONS].sort((a, b) => p[b] - p[a]);
  return [sorted[1]!, p[sorted[1]!]];
}
