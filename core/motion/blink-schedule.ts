/**
 * Blinks: a deterministic, seeded schedule written as targets of the `blink` channel.
 *
 * Decision: blinks are scheduled here rather than left to the prior. A Gaussian motion prior
 * cannot make sparse, one-sided spikes (its samples are symmetric about the mean), so the
 * condition carries real blink shapes and the model only modulates them. The same schedule goes
 * into the global, local and neutral conditions, so guidance never scales a blink.
 *
 * Timing: a renewal process. Inter-blink intervals are
 *   Δ = Δ_min + (60/rate − Δ_min) · G_k / k,   G_k ~ Gamma(k, 1) (a sum of k exponentials),
 * mean 60/rate seconds, coefficient of variation ≈ 1/√k; spontaneous blinking is irregular in
 * just this way (~15–20 per minute at rest, Bentivoglio et al. 1997). The first apex falls at
 * lead + U·60/rate. Plan events (AU45 blink, AU46 wink) add one blink when their segment's
 * expression arrives; scheduled blinks closer than Δ_min to it are dropped.
 *
 * Shape around an apex at τ = 0 (seconds): a fast close, a short hold at 1, a slower opening,
 *   close:  ½ − ½ cos(π (τ + c)/c)       −c ≤ τ < 0
 *   hold:   1                             0 ≤ τ ≤ h
 *   open:   ½ + ½ cos(π (τ − h)/o)        h < τ ≤ h + o
 * c + h + o ≈ 0.23 s (real blinks last ~100–300 ms, closing faster than opening). Apexes are
 * snapped to frame centres so every blink reaches full closure in some frame.
 */
import type { Rng } from '../sampler/rng.js';
import { ConditionError } from './condition-error.js';

export const BLINK_DEFAULTS = {
  /** c, closing time. @default 0.07 */
  closeSec: 0.07,
  /** h, time held closed. @default 0.03 */
  holdSec: 0.03,
  /** o, opening time. @default 0.13 */
  openSec: 0.13,
  /** Δ_min, the shortest interval between blinks. @default 0.6 */
  minGapSec: 0.6,
  /** k, the Gamma shape of the intervals. @default 3 */
  gammaShape: 3,
  /** No scheduled blink before this time. @default 0.2 */
  leadSec: 0.2,
} as const;

export type BlinkOptions = { readonly [K in keyof typeof BLINK_DEFAULTS]?: number };

/** Apex times (seconds) of the spontaneous blinks in [0, durationSec). */
export function scheduleBlinks(
  ratePerMin: number,
  durationSec: number,
  rng: Rng,
  options: BlinkOptions = {},
): number[] {
  if (!(ratePerMin >= 0) || !Number.isFinite(ratePerMin))
    throw new ConditionError(`blink rate must be ≥ 0, got ${ratePerMin}`);
  if (ratePerMin === 0) return [];
  const minGap = options.minGapSec ?? BLINK_DEFAULTS.minGapSec;
  const k = Math.max(1, Math.round(options.gammaShape ?? BLINK_DEFAULTS.gammaShape));
  const mean = 60 / ratePerMin;
  const spread = Math.max(0, mean - minGap);
  const apexes: number[] = [];
  let t = (options.leadSec ?? BLINK_DEFAULTS.leadSec) + rng.next() * mean;
  while (t < durationSec) {
    apexes.push(t);
    let gamma = 0;
    for (let i = 0; i < k; i++) gamma -= Math.log(1 - rng.next());
    t += minGap + (spread * gamma) / k;
  }
  return apexes;
}

/** Merges plan blink events into a schedule: events win, scheduled blinks too close are dropped. */
export function mergeBlinkEvents(
  scheduled: readonly number[],
  events: readonly number[],
  minGapSec: number,
): number[] {
  const kept = scheduled.filter((t) => events.every((e) => Math.abs(e - t) >= minGapSec));
  return [...kept, ...events].sort((a, b) => a - b);
}

/** The blink channel over T frames (max over overlapping blinks). */
export function renderBlinks(
  apexesSec: readonly number[],
  frames: number,
  fps: number,
  options: BlinkOptions = {},
): Float32Array {
  const close = options.closeSec ?? BLINK_DEFAULTS.closeSec;
  const hold = options.holdSec ?? BLINK_DEFAULTS.holdSec;
  const open = options.openSec ?? BLINK_DEFAULTS.openSec;
  const track = new Float32Array(frames);
  for (const apex of apexesSec) {
    const apexFrame = Math.min(frames - 1, Math.max(0, Math.round(apex * fps - 0.5)));
    const snapped = (apexFrame + 0.5) / fps;
    const first = Math.max(0, Math.floor((snapped - close) * fps));
    const last = Math.min(frames - 1, Math.ceil((snapped + hold + open) * fps));
    for (let f = first; f <= last; f++) {
      const tau = (f + 0.5) / fps - snapped;
      let v = 0;
      if (tau >= -close && tau < 0) v = 0.5 - 0.5 * Math.cos((Math.PI * (tau + close)) / close);
      else if (tau >= 0 && tau <= hold) v = 1;
      else if (tau > hold && tau <= hold + open) v = 0.5 + 0.5 * Math.cos((Math.PI * (tau - hold)) / open);
      track[f] = Math.max(track[f] as number, v);
    }
  }
  return track;
}
