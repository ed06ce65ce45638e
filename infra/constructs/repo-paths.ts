/**
 * Paths of the repository the constructs build from (Lambda entries, the sampler's Docker
 * context), resolved from this file so synthesis works from any working directory.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the directory of package.json and package-lock.json). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** `functions/<name>/handler.ts`. */
export function functionEntry(name: string): string {
  return join(REPO_ROOT, 'functions', name, 'handler.ts');
}

/**
 * The `exclude` of a DockerImageAsset whose context is the repository root: the patterns of the
 * Dockerfile's own `<Dockerfile>.dockerignore` (an allow-list), plus the Dockerfile and its ignore
 * file themselves, so that `cdk synth` stages exactly the context BuildKit will see.
 * @param dockerfile relative to the repository root, e.g. `containers/gpu-sampler/Dockerfile`
 */
export function dockerContextExcludes(dockerfile: string): string[] {
  const lines = readFileSync(join(REPO_ROOT, `${dockerfile}.dockerignore`), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return [...lines, `!${dockerfile}`, `!${dockerfile}.dockerignore`];
}
