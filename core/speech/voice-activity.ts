/**
 * Voice activity per analysis frame: an energy threshold relative to the noise floor, then
 * run-length clean-up so that speech regions are whole.
 *
 * Notation: L[k] = 10·log₁₀(p[k] + 10⁻¹²) the speech-band level of frame k in dBFS (p the mean
 * square, full scale 1.0), P_q the q-th percentile.
 *
 *   (1) floor       F = P₁₀(L)
 *   (2) candidates  C = { k : L[k] > F + Δ_min }                  (Δ_min = minSnrDb)
 *   (3) peak        S = P₉₅(L[C])          (over candidates, so a short utterance in a long silence
 *                                            still sets the peak)
 *   (4) threshold   θ = F + max(Δ_min, α·(S − F))                 (α = thresholdFraction)
 *   (5) raw         v[k] = L[k] > θ
 *   (6) clean-up    drop speech runs shorter than `minSpeechSec` (clicks), then bridge gaps
 *                   shorter than `bridgeGapSec` between speech runs (the hangover: stop
 *                   closures and weak consonants inside words stay speech), then widen every run
 *                   by `padSec` at both ends.
 *
 * The audio is *silent* when no frame reaches `silenceDbfs`; it has *no speech* when nothing
 * stands out of the floor (a steady hum or hiss).
 */
import { percentile } from './frame-series.js';

export const VOICE_ACTIVITY_DEFAULTS = {
  /** Frames quieter than this everywhere mean the audio is silent, dBFS. @default -60 */
  silenceDbfs: -60,
  /** Δ_min: least margin over the floor for speech, dB. @default 6 */
  minSnrDb: 6,
  /** α: threshold position between floor and peak, in dB. @default 0.3 */
  thresholdFraction: 0.3,
  /** Speech runs shorter than this are dropped, s. @default 0.04 */
  minSpeechSec: 0.04,
  /** Gaps shorter than this between speech runs are bridged, s. @default 0.15 */
  bridgeGapSec: 0.15,
  /** Each speech run is widened by this at both ends, s. @default 0.02 */
  padSec: 0.02,
} as const;

export interface VoiceActivity {
  /** 1 where the analysis frame is speech. */
  readonly voiced: Uint8Array;
  /** L[k], dBFS. */
  readonly levelDb: Float32Array;
  readonly floorDb: number;
  /** Speech peak level S; NaN when there is no speech. */
  readonly peakDb: number;
  readonly thresholdDb: number;
  /** No frame reaches `silenceDbfs`. */
  readonly silent: boolean;
  /** At least one speech frame. */
  readonly speechFound: boolean;
}

/** Runs of `value` in `mask` as [start, end) pairs. */
function runs(mask: Uint8Array, value: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= mask.length; i++) {
    const on = i < mask.length && mask[i] === value;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

function cleanUp(raw: Uint8Array, hopSec: number): Uint8Array {
  const { minSpeechSec, bridgeGapSec, padSec } = VOICE_ACTIVITY_DEFAULTS;
  const mask = Uint8Array.from(raw);
  for (const [a, b] of runs(mask, 1)) if ((b - a) * hopSec < minSpeechSec) mask.fill(0, a, b);
  for (const [a, b] of runs(mask, 0)) {
    const inside = a > 0 && b < mask.length;
    if (inside && (b - a) * hopSec < bridgeGapSec) mask.fill(1, a, b);
  }
  const pad = Math.round(padSec / hopSec);
  const out = Uint8Array.from(mask);
  for (const [a, b] of runs(mask, 1)) out.fill(1, Math.max(0, a - pad), Math.min(mask.length, b + pad));
  return out;
}

/** Voice activity of analysis frames with mean-square speech-band `power`, `hopSec` apart. */
export function detectVoiceActivity(power: Float32Array, hopSec: number): VoiceActivity {
  const { silenceDbfs, minSnrDb, thresholdFraction } = VOICE_ACTIVITY_DEFAULTS;
  const count = power.length;
  const levelDb = new Float32Array(count);
  let maxDb = -Infinity;
  for (let k = 0; k < count; k++) {
    levelDb[k] = 10 * Math.log10((power[k] as number) + 1e-12);
    maxDb = Math.max(maxDb, levelDb[k] as number);
  }
  const floorDb = count > 0 ? percentile(levelDb, 10) : -120;
  const none = (silent: boolean): VoiceActivity => ({
    voiced: new Uint8Array(count),
    levelDb,
    floorDb,
    peakDb: Number.NaN,
    thresholdDb: Number.POSITIVE_INFINITY,
    silent,
    speechFound: false,
  });
  if (!(maxDb >= silenceDbfs)) return none(true);

  const candidates = new Uint8Array(count);
  for (let k = 0; k < count; k++) candidates[k] = (levelDb[k] as number) > floorDb + minSnrDb ? 1 : 0;
  const peakDb = percentile(levelDb, 95, candidates);
  if (Number.isNaN(peakDb)) return none(false);

  const thresholdDb = floorDb + Math.max(minSnrDb, thresholdFraction * (peakDb - floorDb));
  const raw = new Uint8Array(count);
  for (let k = 0; k < count; k++) raw[k] = (levelDb[k] as number) > thresholdDb ? 1 : 0;
  const voiced = cleanUp(raw, hopSec);
  const speechFound = voiced.includes(1);
  return { voiced, levelDb, floorDb, peakDb, thresholdDb, silent: false, speechFound };
}
