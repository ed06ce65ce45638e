/**
 * The plan storage port of the think function.
 *
 * Why the plan is stored rather than returned: a Step Functions state (input, output, or the
 * payload passed between states) is limited to 256 KB of UTF-8. A multi-segment plan with its
 * chain of thought and region descriptions is usually a few KB, but a long emotion text, a
 * verbose model, or a user-supplied plan can grow without a bound we control, and overflowing
 * fails the execution with `States.DataLimitExceeded`. So the handler writes the plan to
 * `jobs/<jobId>/plan.json` and returns only its key and a small summary; the draw stage reads
 * the plan from the bucket.
 */
import type { ExpressionPlan } from '../../core/plan/expression-plan.js';

export interface PlanStore {
  /** Stores the plan of a job and returns the object key it was written to. */
  putPlan(jobId: string, plan: ExpressionPlan): Promise<string>;
}

/** `jobs/<jobId>/plan.json`: the storage layout of DESIGN.md. */
export function planKey(jobId: string): string {
  return `jobs/${jobId}/plan.json`;
}
