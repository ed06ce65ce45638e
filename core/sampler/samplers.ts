/**
 * The sampler registry: names accepted by `sampleMotion` and the job schema.
 */
import { sampleDdim } from './ddim.js';
import { sampleDpmpp2m } from './dpm-solver-pp-2m.js';
import type { Sampler } from './sampler-contract.js';
import { SamplerError } from './sampler-error.js';

export const SAMPLER_NAMES = ['dpmpp-2m', 'ddim'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

export const SAMPLERS: Readonly<Record<SamplerName, Sampler>> = {
  'dpmpp-2m': sampleDpmpp2m,
  ddim: sampleDdim,
};

export function samplerByName(name: string): Sampler {
  const sampler = (SAMPLERS as Record<string, Sampler | undefined>)[name];
  if (!sampler) throw new SamplerError(`unknown sampler "${name}"; known: ${SAMPLER_NAMES.join(', ')}`);
  return sampler;
}
