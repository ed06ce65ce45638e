/**
 * The offline, deterministic `facs` reasoner: emotion text -> ExpressionPlan over the FACS
 * knowledge base, no model, no network.
 *
 * Stages (each module documents its own):
 * 1. validate the text (validateEmotionText);
 * 2. parse it into temporal phases of modified / negated emotion terms (text-parser.ts);
 * 3. mix each phase's emotions: intensities, compounds, valence, arousal (emotion-mixer.ts);
 * 4. ramps ("increasingly") split a phase into sub-segments of rising or falling intensity
 *    (dynamics.ts);
 * 5. emotions -> action units, with smile and side rules (au-composer.ts);
 * 6. action units -> region descriptions (region-descriptions.ts);
 * 7. segment bounds, blink rate and head motion (dynamics.ts);
 * 8. the chain of thought (chain-writer.ts); the plan is parsed with the schema before returning.
 * The same text always gives the identical plan.
 */
import type { PlanSegment } from '../plan/expression-plan.js';
import { type ExpressionPlan, PLAN_SCHEMA_VERSION } from '../plan/expression-plan.js';
import type { Reasoner, ReasonOptions } from '../plan/reasoner.js';
import { assertKnownActionUnits, parsePlan, validateEmotionText } from '../plan/validate.js';
import { composeActionUnits } from './au-composer.js';
import { type PhaseRecord, writeChain } from './chain-writer.js';
import { clipDynamics, rampFactors, segmentBounds } from './dynamics.js';
import { affectValenceArousal, emotionWeights, mixPhase, scaleAffect } from './emotion-mixer.js';
import { describeRegions } from './region-descriptions.js';
import type { ParsedPhase } from './text-parser.js';
import { parseEmotionText } from './text-parser.js';

export const FACS_REASONER_DEFAULTS = {
  /** Reasoner id recorded in `plan.reasoner`. @default 'facs' */
  id: 'facs',
  /** Longest accepted emotion text, in characters after trimming. @default 2000 */
  maxLength: 2000,
  /** Side of one-sided AUs (contempt, a smirk) when the text names none; the subject's own side. @default 'right' */
  unilateralSide: 'right',
} as const;

export interface FacsReasonerOptions {
  /** @default 2000 */
  readonly maxLength?: number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

interface PhaseDraft {
  readonly phase: ParsedPhase;
  readonly affect: ReturnType<typeof mixPhase>;
  readonly factors: readonly number[];
  readonly parts: readonly Omit<PlanSegment, 'start' | 'end'>[];
  readonly notes: readonly string[];
}

function draftPhase(phase: ParsedPhase): PhaseDraft {
  const affect = mixPhase(phase);
  const hasSmile = phase.terms.some((t) => t.entry.smile);
  const smile = !hasSmile
    ? undefined
    : phase.smile.social.length > 0
      ? ('social' as const)
      : phase.smile.felt.length > 0
        ? ('felt' as const)
        : undefined;
  const factors = rampFactors(phase.ramp?.direction);
  const notes = new Set<string>();
  const parts = factors.map((factor) => {
    const scaled = scaleAffect(affect, factor);
    const composed = composeActionUnits(scaled.emotions, {
      ...(smile ? { smile } : {}),
      asymmetric: hasSmile && phase.smile.asymmetric.length > 0,
      side: phase.side?.side ?? FACS_REASONER_DEFAULTS.unilateralSide,
    });
    for (const note of composed.notes) notes.add(note);
    const { valence, arousal } = affectValenceArousal(scaled);
    return {
      emotions: emotionWeights(scaled).map((e) => ({ label: e.label, weight: round3(e.weight) })),
      valence: round3(valence),
      arousal: round3(arousal),
      actionUnits: composed.actionUnits,
      regions: describeRegions(composed.actionUnits),
    };
  });
  const sided = affect.emotions.some((e) => e.prototype.aus.some((u) => u.unilateral));
  if (sided)
    notes.add(`one-sided AUs on the ${phase.side?.side ?? FACS_REASONER_DEFAULTS.unilateralSide} side`);
  return { phase, affect, factors, parts, notes: [...notes] };
}

export class FacsReasoner implements Reasoner {
  readonly id: string = FACS_REASONER_DEFAULTS.id;
  readonly maxLength: number;

  constructor(options: FacsReasonerOptions = {}) {
    const maxLength = options.maxLength ?? FACS_REASONER_DEFAULTS.maxLength;
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`);
    }
    this.maxLength = maxLength;
  }

  async reason(text: string, _options?: ReasonOptions): Promise<ExpressionPlan> {
    return this.reasonSync(text);
  }

  /** The same as `reason`, synchronously (the facs reasoner never waits on anything). */
  reasonSync(text: unknown): ExpressionPlan {
    const prompt = validateEmotionText(text, this.maxLength);
    const drafts = parseEmotionText(prompt).map(draftPhase);
    const bounds = segmentBounds(drafts.flatMap((d) => d.parts.map(() => 1 / d.parts.length)));
    let next = 0;
    const records: PhaseRecord[] = drafts.map((draft) => ({
      phase: draft.phase,
      affect: draft.affect,
      factors: draft.factors,
      notes: draft.notes,
      segments: draft.parts.map((part) => {
        const [start, end] = bounds[next++] as [number, number];
        return { start, end, ...part };
      }),
    }));
    const segments = records.flatMap((r) => r.segments);
    const clip = clipDynamics(segments);
    const plan = parsePlan({
      schemaVersion: PLAN_SCHEMA_VERSION,
      prompt,
      reasoner: this.id,
      chain: writeChain(prompt, records, clip),
      segments,
      global: { blinkRatePerMin: clip.blinkRatePerMin, headMotion: clip.headMotion },
    });
    assertKnownActionUnits(plan);
    return plan;
  }
}
