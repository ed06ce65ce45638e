/**
 * The think Lambda's input and output, parsed with zod like every other boundary.
 */
import { z } from 'zod';
import { ThinkInputError } from './errors.js';
import { REASONER_CHOICES } from './reasoner-choices.js';

export { REASONER_CHOICES, type ReasonerChoice } from './reasoner-choices.js';

/** Job ids become S3 key segments (`jobs/<jobId>/…`): no slashes, no dots first, bounded. */
export const JobIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    'must be 1-128 characters of A-Z a-z 0-9 . _ - (no leading dot)',
  );

export const ThinkEventSchema = z.object({
  jobId: JobIdSchema,
  /** The free-text emotion; its length and content are checked by the reasoner. */
  emotion: z.string(),
  options: z
    .object({
      reasoner: z.enum(REASONER_CHOICES).optional(),
      modelId: z.string().min(1).max(256).optional(),
      /** A ready plan (e.g. user-edited): validated and stored as is, no reasoner runs. */
      plan: z.unknown().optional(),
    })
    .optional(),
});

export type ThinkEvent = z.infer<typeof ThinkEventSchema>;

/** What the state machine carries on: small, whatever the size of the plan. */
export interface ThinkResult {
  readonly jobId: string;
  readonly planKey: string;
  readonly reasoner: string;
  readonly segments: number;
  readonly actionUnits: number[];
}

/** Parses the event or throws a `ThinkInputError` naming every bad field. */
export function parseThinkEvent(event: unknown): ThinkEvent {
  const result = ThinkEventSchema.safeParse(event);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new ThinkInputError(issues, { cause: result.error });
}
