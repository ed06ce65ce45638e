/**
 * Loads THE pipeline definition (pipeline.asl.json) and substitutes its `${Placeholder}`s. Used
 * by the CDK stack and by the local stack, so what runs locally is what is deployed: the same
 * file, substitutions only.
 *
 * The file stays strict JSON, so numbers are whole-value string placeholders:
 * `"TimeoutSeconds": "${DrawTimeoutSeconds}"` becomes `"TimeoutSeconds": 5400`. A placeholder
 * inside a longer string is interpolated. Every placeholder must be given (or explicitly left,
 * for ARNs only, to CloudFormation's `DefinitionSubstitutions`), and every given value must be
 * used: a typo fails loudly. Substitution is one pass, so values (CDK tokens included) are never
 * rescanned.
 *
 *   // CDK: DefinitionBody.fromString(renderDefinition({ ThinkFunctionArn: think.functionArn, ... }))
 *   // local: new StateMachine(loadDefinition(LOCAL_SUBSTITUTIONS))
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ARN_PLACEHOLDERS,
  type ArnPlaceholder,
  NUMBER_PLACEHOLDERS,
  type PipelineSubstitutions,
} from './pipeline-states.js';

/** Absolute path of the one definition file. */
export const DEFINITION_PATH = fileURLToPath(new URL('./pipeline.asl.json', import.meta.url));

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;
const WHOLE = /^\$\{([A-Za-z][A-Za-z0-9]*)\}$/;

export class DefinitionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DefinitionError';
  }
}

export interface LoadOptions {
  /** @default DEFINITION_PATH */
  readonly path?: string;
  /** ARN placeholders to keep as `${Name}` (for CloudFormation DefinitionSubstitutions). */
  readonly leave?: readonly ArnPlaceholder[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every `${Name}` in the template (Comment fields excluded), sorted. */
export function placeholdersOf(template: Json): string[] {
  const found = new Set<string>();
  const walk = (node: Json, key?: string): void => {
    if (typeof node === 'string' && key !== 'Comment')
      for (const m of node.matchAll(PLACEHOLDER)) found.add(m[1]!);
    else if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(template);
  return [...found].sort();
}

/** Substitutes `values` into a parsed template (one pass, Comment fields untouched). */
export function substitute(
  template: Json,
  values: Readonly<Record<string, string | number>>,
  leave: readonly string[] = [],
): Json {
  const wanted = placeholdersOf(template);
  const missing = wanted.filter((name) => !(name in values) && !leave.includes(name));
  if (missing.length > 0) throw new DefinitionError(`no value for placeholder(s): ${missing.join(', ')}`);
  const unused = Object.keys(values).filter((name) => !wanted.includes(name));
  if (unused.length > 0)
    throw new DefinitionError(`value(s) for unknown placeholder(s): ${unused.join(', ')}`);

  const replace = (text: string): Json => {
    const whole = WHOLE.exec(text);
    if (whole && whole[1]! in values) return values[whole[1]!]!;
    return text.replace(PLACEHOLDER, (all, name: string) => (name in values ? String(values[name]) : all));
  };
  const walk = (node: Json, key?: string): Json => {
    if (typeof node === 'string') return key === 'Comment' ? node : replace(node);
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  return walk(template);
}

/** The raw template, parsed. */
export function readDefinitionTemplate(path: string = DEFINITION_PATH): Json {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (error) {
    throw new DefinitionError(
      `cannot read the state machine definition ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function checkValues(
  values: PipelineSubstitutions,
  leave: readonly string[],
): Record<string, string | number> {
  const checked: Record<string, string | number> = {};
  for (const name of ARN_PLACEHOLDERS) {
    if (leave.includes(name)) continue;
    const value = values[name];
    if (typeof value !== 'string' || value.length === 0)
      throw new DefinitionError(`${name} must be a non-empty string`);
    checked[name] = value;
  }
  for (const name of NUMBER_PLACEHOLDERS) {
    const value = values[name];
    if (!Number.isInteger(value) || value < 1)
      throw new DefinitionError(`${name} must be a positive integer, got ${value}`);
    checked[name] = value;
  }
  if (values.DrawHeartbeatSeconds > values.DrawTimeoutSeconds)
    throw new DefinitionError('DrawHeartbeatSeconds must not exceed DrawTimeoutSeconds');
  return checked;
}

/** The definition as an object, ready for aws-local-stepfunctions (or JSON.stringify). */
export function loadDefinition(
  values: PipelineSubstitutions,
  options: LoadOptions = {},
): Record<string, unknown> {
  const leave = options.leave ?? [];
  const template = readDefinitionTemplate(options.path);
  return substitute(template, checkValues(values, leave), leave) as Record<string, unknown>;
}

/** The definition as JSON text (CDK `DefinitionBody.fromString`). */
export function renderDefinition(values: PipelineSubstitutions, options: LoadOptions = {}): string {
  return JSON.stringify(loadDefinition(values, options), null, 2);
}
