/**
 * Paths of the repository the constructs build from (Lambda entries, the sampler's Docker
 * context), resolved from this file so synthesis works from any working directory.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the directory of package.json and package-lock.json). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** `functions/<name>/handler.ts`. */
export function functionEntry(name: string): string {
  return join(REPO_ROOT, 'functions', name, 'handler.ts');
}
