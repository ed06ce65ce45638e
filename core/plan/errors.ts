/**
 * Errors of the plan module. Step Functions Retry/Catch and the HTTP layer match on `name`, so
 * every subclass sets it; all accept `{ cause }`. Messages say what was wrong and what is accepted,
 * and are safe to show to a caller (they never contain secrets, only the caller's own input).
 */
import type { z } from 'zod';

/** Base of every error raised while producing or checking an ExpressionPlan. */
export class PlanError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlanError';
  }
}

/** Why an emotion text was refused. */
export type EmotionTextProblem = 'not-a-string' | 'empty' | 'whitespace-only' | 'too-long';

/** The emotion text given to a reasoner is unusable: not a string, empty, blank or too long. */
export class EmotionTextError extends PlanError {
  readonly problem: EmotionTextProblem;
  readonly maxLength: number;

  constructor(problem: EmotionTextProblem, detail: string, maxLength: number, options?: { cause?: unknown }) {
    super(
      `invalid emotion text: ${detail}; accepted: a string with at least one non-space character ` +
        `and at most ${maxLength} characters, e.g. "pleased at first, then quietly hurt"`,
      options,
    );
    this.name = 'EmotionTextError';
    this.problem = problem;
    this.maxLength = maxLength;
  }
}

/** A plan (from a model, a file or a reasoner) does not satisfy ExpressionPlanSchema. */
export class PlanValidationError extends PlanError {
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(issues: readonly z.core.$ZodIssue[], options?: { cause?: unknown }) {
    super(`invalid expression plan: ${formatIssues(issues)}`, options);
    this.name = 'PlanValidationError';
    this.issues = issues;
  }
}

/** A plan names action units that the FACS catalogue does not know. */
export class UnknownActionUnitError extends PlanError {
  readonly unknown: readonly number[];
  readonly known: readonly number[];

  constructor(unknown: readonly number[], known: readonly number[], options?: { cause?: unknown }) {
    super(
      `unknown action unit${unknown.length === 1 ? '' : 's'} ${unknown.map((n) => `AU${n}`).join(', ')}; ` +
        `known: ${known.join(', ')}`,
      options,
    );
    this.name = 'UnknownActionUnitError';
    this.unknown = unknown;
    this.known = known;
  }
}

/** "segments.1.start: must be ...; global.blinkRatePerMin: ..." — paths as dotted strings. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  if (issues.length === 0) return 'no details';
  return issues
    .map(
      (issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`,
    )
    .join('; ');
}
