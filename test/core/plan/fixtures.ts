/** A valid two-segment plan; call it for a fresh copy per test. */
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';

export function validPlan(): ExpressionPlan {
  return {
    schemaVersion: 1,
    prompt: 'calm, then angry',
    reasoner: 'user',
    chain: [{ step: 'appraisal', thought: 'calm, then angry' }],
    segments: [
      {
        start: 0,
        end: 0.5,
        emotions: [{ label: 'calm', weight: 1 }],
        valence: 0.2,
        arousal: 0.1,
        actionUnits: [],
        regions: {},
      },
      {
        start: 0.5,
        end: 1,
        emotions: [{ label: 'angry', weight: 1 }],
        valence: -0.7,
        arousal: 0.8,
        actionUnits: [
          { au: 4, name: 'Brow Lowerer', intensity: 0.8, side: 'both' },
          { au: 24, name: 'Lip Pressor', intensity: 0.6, side: 'both' },
        ],
        regions: { brows: 'lowered and drawn together' },
      },
    ],
    global: { blinkRatePerMin: 20, headMotion: 0.5 },
  };
}
