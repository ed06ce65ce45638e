/**
 * Strict objects whose refusals say what is accepted: an unknown or misspelt field is reported
 * with the fields the object does accept (`unknown field "emotoin"; accepted fields: portrait,
 * audio, emotion, options, plan`), and a required field left out says what to give
 * (`is required: ...`), rather than zod's "Unrecognized key" and "expected string, received
 * undefined". The JSON Schema of the object is unchanged (messages are not part of it).
 */
import { z } from 'zod';

/** `unknown field "x"` / `unknown fields "x", "y"`, then the accepted fields. */
export function unknownFieldsMessage(keys: readonly string[], accepted: readonly string[]): string {
  const named = keys.map((key) => JSON.stringify(key)).join(', ');
  return `unknown field${keys.length === 1 ? '' : 's'} ${named}; accepted fields: ${accepted.join(', ')}`;
}

/**
 * `z.strictObject(shape)` whose unknown-field issue lists the accepted fields; with `required`,
 * the object left out where it is a required field says `is required: <required>`.
 */
export function strictFields<T extends z.ZodRawShape>(shape: T, options: { required?: string } = {}) {
  const accepted = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return unknownFieldsMessage(issue.keys, accepted);
      if (options.required !== undefined && issue.input === undefined)
        return `is required: ${options.required}`;
      return undefined;
    },
  });
}

/** An error map for a required field: `is required: <what>` when absent, zod's message otherwise. */
export function requiredField(what: string) {
  return {
    error: (issue: { readonly input?: unknown }) =>
      issue.input === undefined ? `is required: ${what}` : undefined,
  };
}
