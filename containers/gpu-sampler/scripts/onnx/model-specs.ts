/** The model.json specs of the models this repo builds (validated when written). */
import { CHANNEL_NAMES } from '../../../../core/motion/channels.js';
import { conditionChannelName, type MotionPriorParams } from '../../../../core/motion/prior/index.js';
import { TINY_NET_DEFAULTS } from './tiny-net-graph.js';

const TARGET_LAYOUT =
  'cond[b, t, i] is the target value of motion channel channels[i] at frame t (C = D, the same order, ' +
  'named cond:<channel>); 0 means no target, and an all-zero cond is the null (unconditional) token.';

const round = (v: number): number => Number(v.toPrecision(4));

export function motionPriorSpec(params: MotionPriorParams) {
  return {
    id: 'motion-prior@1',
    onnx: 'motion-prior.onnx',
    description:
      'Analytic Gaussian motion prior: mean b + cond W, residual A z with A orthogonal and z independent ' +
      'circular-stationary AR(1)-shaped processes over time; x0 is its exact Wiener denoiser ' +
      '(core/motion/prior, built by containers/gpu-sampler/scripts/build-models.ts).',
    channels: [...params.channels],
    condition: { channels: [...params.conditionChannels], layout: TARGET_LAYOUT },
    sigma: { min: params.sigma.min, max: params.sigma.max, data: round(params.sigma.data) },
    fps: params.fps,
  };
}

export function tinyNetSpec() {
  return {
    id: 'tiny-net@1',
    onnx: 'tiny-net.onnx',
    description:
      'Test fixture: a tiny per-frame MLP with a temporal depthwise convolution and EDM preconditioning, ' +
      'fixed seeded-random weights; honours the denoiser contract but models nothing.',
    channels: [...CHANNEL_NAMES],
    condition: { channels: CHANNEL_NAMES.map(conditionChannelName), layout: TARGET_LAYOUT },
    sigma: { min: TINY_NET_DEFAULTS.sigmaMin, max: 10, data: TINY_NET_DEFAULTS.sigmaData },
    fps: 25,
  };
}
