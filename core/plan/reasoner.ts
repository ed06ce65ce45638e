/**
 * The reasoner port: free text -> ExpressionPlan. Implemented by the offline `facs` reasoner
 * (core/facs) and by the Bedrock reasoner (functions/think). Callers depend on this only.
 */
import type { ExpressionPlan } from './expression-plan.js';

export interface ReasonOptions {
  /** Abort a slow reasoner (Bedrock); the offline reasoner ignores it. */
  readonly signal?: AbortSignal;
}

export interface Reasoner {
  /** Stable identifier recorded in `plan.reasoner`, e.g. "facs" or "bedrock:<model id>". */
  readonly id: string;
  reason(text: string, options?: ReasonOptions): Promise<ExpressionPlan>;
}
