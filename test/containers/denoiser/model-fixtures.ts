/** Shared test helpers: model directories, cloned per test into a temp dir, and seeded inputs. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../../containers/gpu-sampler/scripts/onnx/seeded-random.js';

export const PRIOR_DIR = fileURLToPath(
  new URL('../../../containers/gpu-sampler/models/motion-prior', import.meta.url),
);
export const TINY_NET_DIR = fileURLToPath(new URL('../../fixtures/models/tiny-net', import.meta.url));

/** Copy a model directory to a fresh temp dir; returns it and a cleanup. */
export function cloneModelDir(dir: string): { dir: string; cleanup: () => void } {
  const tmp = mkdtempSync(join(tmpdir(), 'tbd-model-'));
  cpSync(dir, tmp, { recursive: true });
  return { dir: tmp, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

export function randomArray(length: number, seed: number, scale = 1): Float32Array {
  const rng = seededRandom(seed);
  return Float32Array.from({ length }, () => scale * rng.normal());
}

/** A sparse target condition: about a third of the entries set to a value in [0, 1). */
export function randomCond(length: number, seed: number): Float32Array {
  const rng = seededRandom(seed);
  return Float32Array.from({ length }, () => (rng.uniform() < 0.3 ? rng.uniform() : 0));
}

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
