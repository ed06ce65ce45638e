/**
 * DPM-Solver++(2M): the second-order multistep solver of the diffusion ODE in data-prediction
 * form (Lu et al. 2022, "DPM-Solver++: Fast Solver for Guided Sampling of Diffusion Probabilistic
 * Models", arXiv:2211.01095, Algorithm 2), as k-diffusion's `sample_dpmpp_2m` writes it for the
 * σ parametrisation (α_t = 1). Deterministic: all randomness is in the starting noise.
 *
 * Notation key
 *   x_i      sample at noise level σ_i
 *   D_i      D(x_i; σ_i), the denoised estimate (data prediction x_θ)
 *   λ_i      −log σ_i (the half log-SNR for α = 1); λ_N = +∞ when σ_N = 0
 *   h_i      λ_{i+1} − λ_i, the step in λ
 *   r_i      h_{i−1} / h_i, the ratio of the previous step to this one
 *   D̂_i      the second-order (linear-in-λ) extrapolation of the data prediction
 *
 * The exact solution of the ODE from λ_i to λ_{i+1} is (their Sec. 4, data-prediction form)
 *   x_{i+1} = (σ_{i+1}/σ_i) x_i + σ_{i+1} ∫_{λ_i}^{λ_{i+1}} e^λ x_θ(λ) dλ,
 * and the solver approximates x_θ on the interval.
 *
 * Stages of one step
 *   1. D_i = D(x_i; σ_i)
 *   2. first step, or σ_{i+1} = 0:  D̂_i = D_i                              (first order = DDIM)
 *      otherwise:                    D̂_i = (1 + 1/(2 r_i)) D_i − (1/(2 r_i)) D_{i−1}
 *   3. x_{i+1} = (σ_{i+1}/σ_i) x_i − (e^{−h_i} − 1) D̂_i
 *      (for σ_{i+1} = 0 this is x_N = D_{N−1} exactly).
 */
import {
  callDenoise,
  checkSigmas,
  type DenoiseFn,
  type SamplerOptions,
  throwIfAborted,
} from './sampler-contract.js';

export async function sampleDpmpp2m(
  denoise: DenoiseFn,
  x0: Float32Array,
  sigmas: ArrayLike<number>,
  options: SamplerOptions = {},
): Promise<Float32Array> {
  const { onStep, signal } = options;
  checkSigmas(sigmas);
  const steps = sigmas.length - 1;
  const x = Float32Array.from(x0);
  let previous: Float32Array | undefined; // D_{i−1}

  for (let i = 0; i < steps; i++) {
    throwIfAborted(signal, i);
    const sigma = sigmas[i] as number;
    const sigmaNext = sigmas[i + 1] as number;
    // 1. denoised estimate
    const denoised = await callDenoise(denoise, x, sigma);
    await onStep?.({ i, steps, sigma, sigmaNext, x, denoised });

    if (sigmaNext === 0) {
      // 3. with λ_{i+1} = ∞: σ_{i+1}/σ_i = 0 and −(e^{−h} − 1) = 1
      x.set(denoised);
      break;
    }
    const ratio = sigmaNext / sigma; // σ_{i+1}/σ_i = e^{−h_i}
    const h = Math.log(sigma / sigmaNext); // h_i = λ_{i+1} − λ_i
    const weight = -Math.expm1(-h); // −(e^{−h_i} − 1) = 1 − σ_{i+1}/σ_i
    if (!previous) {
      // 2.–3. first order
      for (let k = 0; k < x.length; k++) x[k] = ratio * (x[k] as number) + weight * (denoised[k] as number);
    } else {
      // 2. second-order extrapolation in λ
      const hLast = Math.log((sigmas[i - 1] as number) / sigma); // h_{i−1}
      const r = hLast / h;
      const a = 1 + 1 / (2 * r);
      const b = 1 / (2 * r);
      // 3. update
      for (let k = 0; k < x.length; k++) {
        const dHat = a * (denoised[k] as number) - b * (previous[k] as number);
        x[k] = ratio * (x[k] as number) + weight * dHat;
      }
    }
    previous = Float32Array.from(denoised);
  }
  return x;
}
