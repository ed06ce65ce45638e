/** Defaults of the Draw stage's motion sampling; a module of constants, cheap to import. */
import type { SamplerName } from '../../../../core/sampler/samplers.js';

export const MOTION_DEFAULTS = {
  /** Video frame rate. @default 25 */
  fps: 25,
  /** Sampler steps. @default 25 */
  steps: 25,
  /** @default 'dpmpp-2m' */
  sampler: 'dpmpp-2m',
  /** Seed when none is given. @default 7 */
  seed: 7,
  /** Longest audio accepted, s. @default 60 */
  maxAudioSec: 60,
} as const satisfies { fps: number; steps: number; sampler: SamplerName; seed: number; maxAudioSec: number };
