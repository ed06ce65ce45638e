/**
 * zod issues as `{ path, message }` pairs with dotted paths ("options.size"), and as one line,
 * so error messages name the field at fault.
 */
import type { z } from 'zod';
import type { FieldIssue } from '../contracts/draw-request.js';

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** `portrait: must ...; options.size: must be even` (`(root)` for the whole value). */
export function formatFieldIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
}
