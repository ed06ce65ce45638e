/**
 * Where a CLI command's plan comes from: a plan file (`--plan`, e.g. edited by hand or written by
 * `tbd think --json`) or the offline `facs` reasoner over `--emotion`.
 */
import { readFile } from 'node:fs/promises';
import { FacsReasoner } from '../../core/facs/facs-reasoner.js';
import { PlanValidationError } from '../../core/plan/errors.js';
import type { ExpressionPlan } from '../../core/plan/expression-plan.js';
import { assertKnownActionUnits, clampPlan, parsePlan } from '../../core/plan/validate.js';
import { UsageError } from './usage-error.js';

export async function resolvePlan(options: { plan?: string; emotion?: string }): Promise<ExpressionPlan> {
  if (options.plan) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(options.plan, 'utf8'));
    } catch (cause) {
      throw new UsageError(`--plan ${options.plan}: cannot read it as JSON (${(cause as Error).message})`, {
        cause,
      });
    }
    try {
      const plan = parsePlan(clampPlan(raw));
      assertKnownActionUnits(plan);
      return plan;
    } catch (error) {
      if (error instanceof PlanValidationError)
        throw new UsageError(`--plan ${options.plan}: ${error.message}`);
      throw error;
    }
  }
  if (options.emotion === undefined) throw new UsageError('give --emotion "<text>" or --plan <plan.json>');
  return new FacsReasoner().reason(options.emotion);
}
