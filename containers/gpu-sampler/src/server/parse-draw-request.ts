/**
 * Turns a request body into a DrawRequest, or a 400 that says which field is wrong and why:
 * "portrait: required", "options.size: must be even (yuv420p video)", "colour: unknown field".
 */
import type { z } from 'zod';
import {
  DrawOptionsSchema,
  type DrawRequest,
  DrawRequestSchema,
  type FieldIssue,
} from '../../../../core/contracts/draw-request.js';
import { RequestBodyError, RequestValidationError } from './errors.js';

/** The accepted fields of each object in the request, by path. */
const ACCEPTED_FIELDS: Record<string, readonly string[]> = {
  '': Object.keys(DrawRequestSchema.shape),
  options: Object.keys(DrawOptionsSchema.shape),
};

/**
 * @throws RequestBodyError when the body is empty or not JSON
 * @throws RequestValidationError listing every problem with its dotted path
 */
export function parseDrawRequest(body: Uint8Array | string): DrawRequest {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  if (text.trim() === '') throw new RequestBodyError('the body is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new RequestBodyError((cause as Error).message, { cause });
  }
  const result = DrawRequestSchema.safeParse(json, {
    error: (issue) =>
      issue.code === 'invalid_type' && issue.input === undefined ? `required (${issue.expected})` : undefined,
  });
  if (result.success) return result.data;
  throw new RequestValidationError(result.error.issues.flatMap(toFieldIssues), { cause: result.error });
}

function toFieldIssues(issue: z.core.$ZodIssue): FieldIssue[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const accepted = ACCEPTED_FIELDS[path];
    const hint = accepted ? `; accepted: ${accepted.join(', ')}` : '';
    return issue.keys.map((key) => ({
      path: path ? `${path}.${key}` : key,
      message: `unknown field${hint}`,
    }));
  }
  if (issue.code === 'invalid_type' && path === '') {
    return [{ path: '', message: `the body must be a JSON object (a DrawRequest), ${issue.message}` }];
  }
  return [{ path, message: issue.message }];
}
