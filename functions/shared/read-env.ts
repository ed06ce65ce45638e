/**
 * A Lambda's configuration from its environment, parsed with zod at cold start: a missing or bad
 * variable fails the start with a message naming it, never later with an `undefined` deep inside.
 */
import type { z } from 'zod';

export class ConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

export function readEnv<T extends z.ZodType>(
  schema: T,
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<T> {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(blanksRemoved);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new ConfigurationError(`invalid ${service} configuration: ${fields}`, { cause: result.error });
}
