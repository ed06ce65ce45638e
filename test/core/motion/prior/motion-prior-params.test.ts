import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channelIndex, MOTION_CHANNELS } from '../../../../core/motion/channels.js';
import { buildMotionPriorParams, MOTION_PRIOR_DEFAULTS } from '../../../../core/motion/prior/index.js';

const params = buildMotionPriorParams();
const D = CHANNEL_NAMES.length;

/** Sigma_0 = A diag(s^2) A^T. */
function lagZeroCovariance(): Float64Array {
  const out = new Float64Array(D * D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      let acc = 0;
      for (let k = 0; k < D; k++) acc += params.A[i * D + k]! * params.A[j * D + k]! * params.s[k]! ** 2;
      out[i * D + j] = acc;
    }
  }
  return out;
}

describe('buildMotionPriorParams', () => {
  it('names every motion channel and a cond:<name> target for each', () => {
    expect(params.channels).toEqual(CHANNEL_NAMES);
    expect(params.conditionChannels).toEqual(CHANNEL_NAMES.map((n) => `cond:${n}`));
    expect(params.fps).toBe(25);
  });

  it('is deterministic', () => {
    const again = buildMotionPriorParams();
    expect(Array.from(again.A)).toEqual(Array.from(params.A));
    expect(Array.from(again.s)).toEqual(Array.from(params.s));
    expect(Array.from(again.rho)).toEqual(Array.from(params.rho));
  });

  it('has an orthogonal A', () => {
    let err = 0;
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        let dot = 0;
        for (let k = 0; k < D; k++) dot += params.A[k * D + i]! * params.A[k * D + j]!;
        err = Math.max(err, Math.abs(dot - (i === j ? 1 : 0)));
      }
    }
    expect(err).toBeLessThan(1e-12);
  });

  it('reproduces the documented channel stds and residual correlations', () => {
    const cov = lagZeroCovariance();
    MOTION_CHANNELS.forEach((ch, i) => {
      expect(Math.sqrt(cov[i * D + i]!)).toBeCloseTo(MOTION_PRIOR_DEFAULTS.std[ch.group], 10);
    });
    for (const { a, b, r } of MOTION_PRIOR_DEFAULTS.correlations) {
      const i = channelIndex(a);
      const j = channelIndex(b);
      expect(cov[i * D + j]! / Math.sqrt(cov[i * D + i]! * cov[j * D + j]!)).toBeCloseTo(r, 10);
    }
    const i = channelIndex('AU4');
    const j = channelIndex('headRoll');
    expect(cov[i * D + j]).toBeCloseTo(0, 12);
  });

  it('has poles in (0, 1), a neutral rest pose and identity-plus-nudges target gains', () => {
    expect(Array.from(params.rho).every((r) => r > 0 && r < 1)).toBe(true);
    expect(Array.from(params.b).every((v) => v === 0)).toBe(true);
    for (let c = 0; c < D; c++) expect(params.W[c * D + c]).toBe(1);
    expect(params.W[channelIndex('AU9') * D + channelIndex('AU10')]).toBeCloseTo(0.2);
    // a social smile must stay social: AU12 adds no AU6 to the mean
    expect(params.W[channelIndex('AU12L') * D + channelIndex('AU6')]).toBe(0);
    expect(params.W[channelIndex('jawOpen') * D + channelIndex('AU25')]).toBeCloseTo(0.5);
    expect(params.W[channelIndex('AU6') * D + channelIndex('AU12L')]).toBe(0);
  });

  it('derives sigma.data from the latent stds, well below sigma.max', () => {
    expect(params.sigma.data).toBeGreaterThan(0.05);
    expect(params.sigma.data).toBeLessThan(0.15);
    expect(params.sigma.max / params.sigma.data).toBeGreaterThan(50);
  });
});
