/**
 * The knobs of the analytic motion prior, in one place. Every coupling carries its reason.
 * Units: AU / articulation / blink intensities 0..1, head pose in radians, gaze in eye travel.
 */
import type { ChannelGroup } from '../channels.js';

/** A mean coupling: a target on `from` nudges the mean of `to` by `gain` times the target. */
export interface MeanCoupling {
  readonly from: string;
  readonly to: string;
  readonly gain: number;
  readonly why: string;
}

/** A lag-0 correlation of the residual x - mu between two motion channels. */
export interface ResidualCorrelation {
  readonly a: string;
  readonly b: string;
  readonly r: number;
  readonly why: string;
}

export const MOTION_PRIOR_DEFAULTS = {
  /**
   * Frame rate the temporal statistics assume.
   * @default 25
   */
  fps: 25,
  /**
   * Stationary std s of the residual x - mu per channel group (the data scale).
   * @default { au: 0.08, articulation: 0.1, head: 0.03, gaze: 0.12, blink: 0.15 }
   */
  std: { au: 0.08, articulation: 0.1, head: 0.03, gaze: 0.12, blink: 0.15 } satisfies Record<
    ChannelGroup,
    number
  >,
  /**
   * Correlation time tau (seconds) per group; the AR(1) pole is rho = exp(-1 / (fps * tau)).
   * Speech articulation moves fast, the head slowly; a blink is a brief spike, which a Gaussian
   * process can only approximate by a very short correlation time.
   * @default { au: 0.4, articulation: 0.06, head: 1.2, gaze: 0.25, blink: 0.04 }
   */
  timeConstantSec: { au: 0.4, articulation: 0.06, head: 1.2, gaze: 0.25, blink: 0.04 } satisfies Record<
    ChannelGroup,
    number
  >,
  /**
   * Noise levels the model is meant for: sigma.max is far above the data scale (~0.1) so the
   * prior's first step starts from pure noise; sigma.data is set from the RMS of s.
   * @default { min: 0.002, max: 10 }
   */
  sigma: { min: 0.002, max: 10 },
  /** Rows of W beyond the identity (target -> own channel, gain 1). */
  /*
   * No AU12 -> AU6 coupling on purpose: whether a smile recruits the cheek raiser is the plan's
   * call (a felt smile lists AU6, a social smile does not), so the mean must not add it.
   */
  meanCouplings: [
    { from: 'AU1', to: 'AU2L', gain: 0.15, why: 'the frontalis raises inner and outer brow together' },
    { from: 'AU1', to: 'AU2R', gain: 0.15, why: 'the frontalis raises inner and outer brow together' },
    { from: 'AU4', to: 'AU7', gain: 0.1, why: 'a lowered brow comes with tightened lids (anger, effort)' },
    { from: 'AU9', to: 'AU10', gain: 0.2, why: 'the nose wrinkler also lifts the upper lip (disgust)' },
    { from: 'jawOpen', to: 'AU25', gain: 0.5, why: 'an open jaw parts the lips' },
    { from: 'jawOpen', to: 'AU26', gain: 0.3, why: 'an open jaw is, in FACS terms, a jaw drop' },
  ] satisfies readonly MeanCoupling[],
  /** Off-diagonal entries of the residual correlation matrix R (all others are 0). */
  correlations: [
    { a: 'AU2L', b: 'AU2R', r: 0.85, why: 'brows move bilaterally unless asked otherwise' },
    { a: 'AU1', b: 'AU2L', r: 0.5, why: 'inner and outer brow raise co-occur (surprise, fear)' },
    { a: 'AU1', b: 'AU2R', r: 0.5, why: 'inner and outer brow raise co-occur (surprise, fear)' },
    { a: 'AU12L', b: 'AU12R', r: 0.85, why: 'smiles are bilateral unless asked otherwise' },
    { a: 'AU6', b: 'AU12L', r: 0.45, why: 'cheek raiser and lip-corner pull co-vary (Duchenne)' },
    { a: 'AU6', b: 'AU12R', r: 0.45, why: 'cheek raiser and lip-corner pull co-vary (Duchenne)' },
    { a: 'AU14L', b: 'AU14R', r: 0.8, why: 'dimplers are bilateral unless asked otherwise' },
    { a: 'AU9', b: 'AU10', r: 0.4, why: 'nose wrinkle and upper-lip raise co-vary (disgust)' },
    { a: 'AU15', b: 'AU17', r: 0.35, why: 'lip-corner depressor and chin raiser co-vary (sadness)' },
    { a: 'AU23', b: 'AU24', r: 0.5, why: 'lip tightener and lip presser co-vary (anger)' },
    { a: 'AU25', b: 'AU26', r: 0.4, why: 'lips part as the jaw drops' },
    { a: 'headYaw', b: 'gazeX', r: 0.4, why: 'gaze shifts recruit the head in the same direction' },
    { a: 'headPitch', b: 'gazeY', r: 0.3, why: 'gaze shifts recruit the head in the same direction' },
  ] satisfies readonly ResidualCorrelation[],
} as const;

/** Condition channel name for a motion channel: its target value. */
export const conditionChannelName = (channel: string): string => `cond:${channel}`;
