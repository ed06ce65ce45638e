/**
 * How CLI commands end on errors: one clear line on stderr, never a stack trace.
 * Exit code 2 for bad input (the user can fix it), 1 for faults.
 */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** Error families that mean "your input is wrong", by base-class name along the prototype chain. */
const INPUT_ERROR_BASES = new Set(['UsageError', 'PlanError', 'AudioError', 'PortraitError', 'ZodError']);

export function isInputError(error: unknown): boolean {
  for (let proto = error; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name && INPUT_ERROR_BASES.has(name)) return true;
  }
  return false;
}

export const EXIT_CODES = { ok: 0, fault: 1, badInput: 2 } as const;

/** Prints `tbd <command>: <message>` and returns the exit code to use. */
export function reportError(
  command: string,
  error: unknown,
  stream: NodeJS.WritableStream = process.stderr,
): number {
  const message = error instanceof Error ? error.message : String(error);
  stream.write(`tbd ${command}: ${message.split('\n')[0]}\n`);
  if (process.env.TBD_DEBUG && error instanceof Error && error.stack) stream.write(`${error.stack}\n`);
  return isInputError(error) ? EXIT_CODES.badInput : EXIT_CODES.fault;
}
