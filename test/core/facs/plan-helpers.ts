/** Small readers over a plan for the facs tests. */
import type { ExpressionPlan, PlanSegment, Side } from '../../../core/plan/expression-plan.js';

/** Strongest intensity of AU `au` in a segment (any side unless `side` is given), 0 if absent. */
export function auIn(segment: PlanSegment | undefined, au: number, side?: Side): number {
  if (!segment) throw new Error('no such segment');
  return segment.actionUnits
    .filter((u) => u.au === au && (side === undefined || u.side === side))
    .reduce((m, u) => Math.max(m, u.intensity), 0);
}

/** AU `au` in the plan's first segment. */
export function au(plan: ExpressionPlan, n: number, side?: Side): number {
  return auIn(plan.segments[0], n, side);
}

/** The AU numbers of a segment. */
export function auNumbers(segment: PlanSegment | undefined): number[] {
  if (!segment) throw new Error('no such segment');
  return [...new Set(segment.actionUnits.map((u) => u.au))];
}

/** Strongest AU intensity in a segment. */
export function peak(segment: PlanSegment | undefined): number {
  if (!segment) throw new Error('no such segment');
  return segment.actionUnits.reduce((m, u) => Math.max(m, u.intensity), 0);
}

export function labels(segment: PlanSegment | undefined): string[] {
  if (!segment) throw new Error('no such segment');
  return segment.emotions.map((e) => e.label);
}

export function chainText(plan: ExpressionPlan): string {
  return plan.chain.map((c) => `${c.step}: ${c.thought}`).join('\n');
}
