/**
 * The JSON Schema of ExpressionPlanSchema, for a model's tool input schema (Bedrock Converse
 * `toolSpec.inputSchema.json`) or for editors of plan files.
 *
 * Generated with zod 4's `z.toJSONSchema`, with every sub-schema inlined (no `$ref`, no cycles).
 * The cross-field rules of the zod schema (refinements) cannot be expressed in JSON Schema, so
 * they are added as descriptions a model can read; the AU number gets the catalogue as an `enum`
 * hint. The zod schema remains the judge: the reply is parsed with it all the same.
 */
import { z } from 'zod';
import { KNOWN_AUS } from '../facs/action-units.js';
import { ExpressionPlanSchema } from './expression-plan.js';

export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07';

export const JSON_SCHEMA_DEFAULTS = {
  /** JSON Schema dialect. @default 'draft-2020-12' */
  target: 'draft-2020-12',
} as const;

export type JsonObject = { [key: string]: unknown };

const SEGMENTS_RULE =
  'Ordered, contiguous segments covering the whole clip: the first starts at 0, the last ends at 1, ' +
  'each starts where the previous one ends, and end > start.';
const EMOTIONS_RULE = 'Emotion weights of a segment sum to 1.';
const AU_RULE = 'A FACS action unit from the catalogue.';

const isObject = (x: unknown): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);

function child(schema: unknown, ...path: string[]): JsonObject | undefined {
  let node: unknown = schema;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return isObject(node) ? node : undefined;
}

const appendDescription = (node: JsonObject | undefined, text: string): void => {
  if (!node) return;
  node.description = typeof node.description === 'string' ? `${node.description} ${text}` : text;
};

/** The plan's JSON Schema as a plain JSON object (a fresh copy on every call). */
export function planJsonSchema(options: { target?: JsonSchemaTarget } = {}): JsonObject {
  const generated = z.toJSONSchema(ExpressionPlanSchema, {
    target: options.target ?? JSON_SCHEMA_DEFAULTS.target,
    reused: 'inline',
    cycles: 'throw',
    unrepresentable: 'throw',
  });
  const schema = JSON.parse(JSON.stringify(generated)) as JsonObject;
  const segments = child(schema, 'properties', 'segments');
  appendDescription(segments, SEGMENTS_RULE);
  const segment = child(segments, 'items', 'properties');
  appendDescription(child(segment, 'emotions'), EMOTIONS_RULE);
  const au = child(segment, 'actionUnits', 'items', 'properties', 'au');
  if (au) {
    appendDescription(au, AU_RULE);
    au.enum = [...KNOWN_AUS].sort((a, b) => a - b);
  }
  return schema;
}
