/**
 * The starting sample x_0 at σ_0: pure noise σ_max · z, z ~ N(0, I) from the seeded RNG
 * (k-diffusion: `torch.randn(shape) * sigmas[0]`). It ignores the data mean, as is usual; the
 * error this leaves in the final sample is O(σ_data / σ_max) for the ODE samplers.
 */
import type { Rng } from './rng.js';
import { SamplerError } from './sampler-error.js';

export function initialNoise(shape: readonly number[], sigmaMax: number, rng: Rng): Float32Array {
  const size = shape.reduce((n, d) => {
    if (!Number.isInteger(d) || d <= 0)
      throw new SamplerError(`shape [${shape.join(', ')}] must be positive integers`);
    return n * d;
  }, 1);
  if (!(sigmaMax > 0) || !Number.isFinite(sigmaMax))
    throw new SamplerError(`sigmaMax must be positive, got ${sigmaMax}`);
  const x = rng.fillNormal(new Float32Array(size));
  for (let k = 0; k < size; k++) x[k] = (x[k] as number) * sigmaMax;
  return x;
}
