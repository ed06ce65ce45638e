/**
 * Articulation targets per analysis frame (10 ms) from the spectral frames and voice activity.
 *
 * Notation: p[k] speech-band mean square, L[k] its level in dB, v[k] voice activity (0/1),
 * c₁[k] / c₂[k] the first / second formant proxies in Hz, s[k] the low share,
 * 𝒮_τ(·) zero-phase smoothing with time constant τ, ss(x; a, b) smoothstep, clip to 0..1.
 *
 *   (1) amplitude   a[k] = √p[k] / A,   A = P₉₅(√p over speech frames)      (loud speech ≈ 1)
 *   (2) gate        g = 𝒮_τg(v)                                   (soft speech/silence, 0..1)
 *   (3) jawOpen     J = 𝒮_τj(g · min(1, a)^γ)
 *       γ < 1 lifts quiet syllables a little; smoothing is zero-phase, so J stays in phase with
 *       the sound (no lag: a causal filter would delay the jaw by about τ).
 *   (4) shape       d[k] = clip₋₁..₁( log₂(c₂[k] / F₂⁰) / Ω )     (octaves from a neutral F2)
 *       weight      q[k] = g[k] · ss(a[k]; 0.05, 0.3)            (trust the spectrum of loud frames)
 *       lipSpread   = 𝒮_τs(q · max(0, d))                          (/i ɪ e/: F2 high)
 *       lipRound    = 𝒮_τs(q · max(0, −d) · (1 − ss(c₁; 550, 800)))
 *       (/u ʊ o/: F2 low; open /a ʌ/ also have a low F2 but a high F1, so rounding fades with c₁)
 *   (5) dip depth   D[k] = min(max L[k−W..k−1], max L[k+1..k+W]) − L[k]   (W ≈ 100 ms)
 *       murmur      m[k] = ss(s[k]; 0.5, 0.9) above the speech threshold θ, ½ below it
 *       closure     b[k] = ss(D; 8, 20 dB) · (0.4 + 0.6 · m[k])
 *       A sudden energy dip between louder frames is a closure; with nasal murmur or a voice bar
 *       (low share high: /m b/) it is taken as bilabial (b -> 1); a silent gap may be /p/ or
 *       /t k/ (b -> 0.7); a voiced dip without murmur (/l d/) only half-closes (b -> 0.4).
 *   (6) lipClose    = clip(𝒮_τc(max(1 − g, b)))                     (1 in silence)
 *
 * These are heuristics for a talking head, not a phoneme recogniser; they are continuous, in
 * phase with the audio and physiologically plausible (closed at rest, smooth, within 0..1).
 */
import { percentile, smoothstep, smoothZeroPhase } from './frame-series.js';
import type { SpectralFrames } from './spectral-frames.js';
import type { VoiceActivity } from './voice-activity.js';

export const ARTICULATION_DEFAULTS = {
  /** Percentile of speech amplitudes that maps to a = 1. @default 95 */
  referencePercentile: 95,
  /** γ: exponent from amplitude to jaw opening. @default 0.7 */
  jawExponent: 0.7,
  /** τg: smoothing of the speech gate, s. @default 0.02 */
  gateTauSec: 0.02,
  /** τj: smoothing of the jaw, s. @default 0.02 */
  jawTauSec: 0.02,
  /** F₂⁰: second-formant proxy of a neutral lip shape, Hz. @default 1450 */
  neutralF2Hz: 1450,
  /** Ω: octaves from F₂⁰ for a full round or spread. @default 0.5 */
  shapeOctaves: 0.5,
  /** τs: smoothing of round and spread, s. @default 0.04 */
  shapeTauSec: 0.04,
  /** Normalised amplitude over which the spectral shape becomes trusted (q). @default [0.05, 0.3] */
  shapeAmplitude: [0.05, 0.3],
  /** F1 proxy over which rounding fades (open vowels), Hz. @default [550, 800] */
  openF1Hz: [550, 800],
  /** Dip depth from no closure to a full one, dB. @default [8, 20] */
  dipDb: [8, 20],
  /** Low share from no murmur to a clear one (m). @default [0.5, 0.9] */
  murmurShare: [0.5, 0.9],
  /** m for dips below the speech threshold (place of closure unknown). @default 0.5 */
  silentDipMurmur: 0.5,
  /** b of a full dip without any murmur. @default 0.4 */
  closureWithoutMurmur: 0.4,
  /** W: half-window of the dip detector, s. @default 0.1 */
  dipWindowSec: 0.1,
  /** τc: smoothing of lipClose, s. @default 0.01 */
  closeTauSec: 0.01,
} as const;

export interface Articulation {
  readonly jawOpen: Float32Array;
  readonly lipRound: Float32Array;
  readonly lipSpread: Float32Array;
  readonly lipClose: Float32Array;
  /** (2) the soft speech gate, 0..1. */
  readonly gate: Float32Array;
}

/** (5) D[k]: how far frame k dips below the quieter of its two louder sides, dB (≥ 0). */
export function dipDepth(levelDb: Float32Array, window: number): Float32Array {
  const count = levelDb.length;
  const depth = new Float32Array(count);
  for (let k = 1; k < count - 1; k++) {
    let left = -Infinity;
    for (let j = Math.max(0, k - window); j < k; j++) left = Math.max(left, levelDb[j] as number);
    let right = -Infinity;
    for (let j = k + 1; j <= Math.min(count - 1, k + window); j++)
      right = Math.max(right, levelDb[j] as number);
    depth[k] = Math.max(0, Math.min(left, right) - (levelDb[k] as number));
  }
  return depth;
}

/** Articulation targets at the analysis frame rate. */
export function estimateArticulation(frames: SpectralFrames, vad: VoiceActivity): Articulation {
  const d = ARTICULATION_DEFAULTS;
  const { count, hopSec } = frames;
  const tau = (sec: number) => sec / hopSec;

  // (1) amplitude
  const amplitude = new Float32Array(count);
  for (let k = 0; k < count; k++) amplitude[k] = Math.sqrt(frames.power[k] as number);
  const reference = vad.speechFound ? percentile(amplitude, d.referencePercentile, vad.voiced) : 1;
  for (let k = 0; k < count; k++) amplitude[k] = (amplitude[k] as number) / (reference > 0 ? reference : 1);

  // (2) gate, (3) jaw
  const gate = smoothZeroPhase(Float32Array.from(vad.voiced), tau(d.gateTauSec));
  const jawRaw = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    jawRaw[k] = (gate[k] as number) * Math.min(1, amplitude[k] as number) ** d.jawExponent;
  }
  const jawOpen = smoothZeroPhase(jawRaw, tau(d.jawTauSec));

  // (4) round / spread
  const [q0, q1] = d.shapeAmplitude;
  const [open0, open1] = d.openF1Hz;
  const spreadRaw = new Float32Array(count);
  const roundRaw = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    const q = (gate[k] as number) * smoothstep(amplitude[k] as number, q0, q1);
    if (q === 0) continue;
    const shape = Math.log2((frames.f2Hz[k] as number) / d.neutralF2Hz) / d.shapeOctaves;
    const s = Math.max(-1, Math.min(1, shape));
    spreadRaw[k] = q * Math.max(0, s);
    roundRaw[k] = q * Math.max(0, -s) * (1 - smoothstep(frames.f1Hz[k] as number, open0, open1));
  }
  const lipSpread = smoothZeroPhase(spreadRaw, tau(d.shapeTauSec));
  const lipRound = smoothZeroPhase(roundRaw, tau(d.shapeTauSec));

  // (5) closures, (6) lipClose
  const depth = dipDepth(vad.levelDb, Math.round(d.dipWindowSec / hopSec));
  const closeRaw = new Float32Array(count);
  const [dip0, dip1] = d.dipDb;
  const [murmur0, murmur1] = d.murmurShare;
  const floor = d.closureWithoutMurmur;
  for (let k = 0; k < count; k++) {
    const murmur =
      (vad.levelDb[k] as number) < vad.thresholdDb
        ? d.silentDipMurmur
        : smoothstep(frames.lowShare[k] as number, murmur0, murmur1);
    const closure = smoothstep(depth[k] as number, dip0, dip1) * (floor + (1 - floor) * murmur);
    closeRaw[k] = Math.max(1 - (gate[k] as number), closure);
  }
  const lipClose = smoothZeroPhase(closeRaw, tau(d.closeTauSec));

  for (const series of [jawOpen, lipRound, lipSpread, lipClose]) {
    for (let k = 0; k < count; k++) series[k] = Math.min(1, Math.max(0, series[k] as number));
  }
  return { jawOpen, lipRound, lipSpread, lipClose, gate };
}
