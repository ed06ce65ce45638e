/**
 * Test doubles for the think function: plans, Converse replies, an in-memory plan store and a
 * scripted reasoner. Every helper returns a fresh object (clone per test).
 */
import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import type { Reasoner } from '../../../core/plan/reasoner.js';
import { PLAN_TOOL_NAME } from '../../../functions/think/bedrock-prompt.js';
import { type PlanStore, planKey } from '../../../functions/think/plan-store.js';

/** A valid two-segment plan ("pleased at first, then quietly hurt"). */
export function samplePlan(overrides: Partial<ExpressionPlan> = {}): ExpressionPlan {
  return structuredClone({
    schemaVersion: 1,
    prompt: 'pleased at first, then quietly hurt',
    reasoner: 'facs',
    chain: [
      { step: 'appraisal', thought: 'A pleasant event turns into a small personal loss.' },
      { step: 'emotions', thought: 'Happiness first, then sadness with low arousal.' },
      { step: 'action units', thought: 'AU6+AU12, then AU1+AU4+AU15.' },
      { step: 'muscles', thought: 'Zygomaticus major, then frontalis medialis and triangularis.' },
      { step: 'dynamics', thought: 'Two segments; slow blinks, little head motion.' },
    ],
    segments: [
      {
        start: 0,
        end: 0.4,
        emotions: [{ label: 'happy', weight: 1 }],
        valence: 0.6,
        arousal: 0.5,
        actionUnits: [
          { au: 6, name: 'Cheek Raiser', intensity: 0.5, side: 'both' },
          { au: 12, name: 'Lip Corner Puller', intensity: 0.6, side: 'both' },
        ],
        regions: { cheeks: 'cheeks lift', mouth: 'lip corners pulled up' },
      },
      {
        start: 0.4,
        end: 1,
        emotions: [
          { label: 'sad', weight: 0.8 },
          { label: 'hurt', weight: 0.2 },
        ],
        valence: -0.5,
        arousal: 0.3,
        actionUnits: [
          { au: 1, name: 'Inner Brow Raiser', intensity: 0.4, side: 'both' },
          { au: 4, name: 'Brow Lowerer', intensity: 0.3, side: 'both' },
          { au: 15, name: 'Lip Corner Depressor', intensity: 0.3, side: 'both' },
        ],
        regions: { brows: 'inner brows raised and drawn together', mouth: 'lip corners pulled down' },
      },
    ],
    global: { blinkRatePerMin: 14, headMotion: 0.2 },
    ...overrides,
  } satisfies ExpressionPlan);
}

/** What a model might send: a valid plan with out-of-range intensities and lies in the fields
 * the reasoner must not trust. */
export function modelToolInput(): Record<string, unknown> {
  const plan = samplePlan({ prompt: 'something else entirely', reasoner: 'gpt-9000' }) as Record<
    string,
    unknown
  >;
  const segments = plan.segments as ExpressionPlan['segments'];
  segments[0]!.actionUnits[1]!.intensity = 1.4;
  return plan;
}

/** A Converse reply holding one tool call. */
export function toolReply(
  input: unknown,
  { toolUseId = 'tool-1', name = PLAN_TOOL_NAME, stopReason = 'tool_use' } = {},
): ConverseCommandOutput {
  return {
    $metadata: {},
    stopReason: stopReason as ConverseCommandOutput['stopReason'],
    output: {
      message: { role: 'assistant', content: [{ toolUse: { toolUseId, name, input: input as never } }] },
    },
    usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 },
    metrics: { latencyMs: 1200 },
  };
}

/** A Converse reply with text only (no tool call). */
export function textReply(text: string): ConverseCommandOutput {
  return {
    $metadata: {},
    stopReason: 'end_turn',
    output: { message: { role: 'assistant', content: [{ text }] } },
    usage: { inputTokens: 1000, outputTokens: 10, totalTokens: 1010 },
    metrics: { latencyMs: 300 },
  };
}

/** A reasoner that returns a fixed plan (with its own id as `reasoner`) and records its calls. */
export class FakeReasoner implements Reasoner {
  readonly calls: string[] = [];

  constructor(
    readonly id: string,
    private readonly plan: (text: string) => ExpressionPlan = (text) =>
      samplePlan({ prompt: text, reasoner: id }),
  ) {}

  async reason(text: string): Promise<ExpressionPlan> {
    this.calls.push(text);
    return this.plan(text);
  }
}

/** In-memory PlanStore; keys as the S3 adapter writes them. */
export class MemoryPlanStore implements PlanStore {
  readonly objects = new Map<string, string>();

  async putPlan(jobId: string, plan: ExpressionPlan): Promise<string> {
    const key = planKey(jobId);
    this.objects.set(key, JSON.stringify(plan));
    return key;
  }
}
