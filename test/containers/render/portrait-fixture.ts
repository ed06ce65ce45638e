/**
 * The example portrait analysed once per test file (human's mesh via analyzePortrait), at a small
 * size for speed. Tests clone nothing from it: the renderer never mutates its analysis.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzePortrait } from '../../../containers/gpu-sampler/src/face/analyze-portrait.js';
import type { PortraitAnalysis } from '../../../containers/gpu-sampler/src/face/portrait.js';
import { CHANNEL_COUNT, channelIndex } from '../../../core/motion/channels.js';

const PORTRAIT = fileURLToPath(new URL('../../../examples/portrait-astronaut.png', import.meta.url));

export function analyseExample(size = 256): Promise<PortraitAnalysis> {
  return analyzePortrait(new Uint8Array(readFileSync(PORTRAIT)), { size, crop: 'face' });
}

/** A motion vector from channel-name -> value pairs (others 0). */
export function motion(values: Readonly<Record<string, number>> = {}): Float32Array {
  const m = new Float32Array(CHANNEL_COUNT);
  for (const [name, v] of Object.entries(values)) m[channelIndex(name)] = v;
  return m;
}

export function meanAbsError(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Centroid (x, y) of landmarks `ids` in an x,y (stride 2) or x,y,z (stride 3) array. */
export function centre(points: Float32Array, ids: readonly number[], stride: 2 | 3): [number, number] {
  let x = 0;
  let y = 0;
  for (const i of ids) {
    x += points[i * stride]!;
    y += points[i * stride + 1]!;
  }
  return [x / ids.length, y / ids.length];
}
