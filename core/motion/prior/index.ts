/** The analytic Gaussian motion prior: parameters, exact denoiser, closed-form moments. */
export { createDft, type DftPlan } from './fft.js';
export { type Eigen, jacobiEigen } from './jacobi-eigen.js';
export { filterLatents } from './latent-filter.js';
export { latentSpectrum, priorMean } from './latent-spectrum.js';
export { buildMotionPriorParams, MotionPriorError, type MotionPriorParams } from './motion-prior-params.js';
export {
  conditionChannelName,
  type MeanCoupling,
  MOTION_PRIOR_DEFAULTS,
  type ResidualCorrelation,
} from './prior-defaults.js';
export { type PriorMoments, priorMoments, samplePrior } from './prior-moments.js';
export { referenceDenoise, wienerGain } from './reference-denoise.js';
