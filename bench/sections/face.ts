/** Face analysis: analyzePortrait (decode, face mesh, crop, resize) on the example portrait at 512. */
import { readFile } from 'node:fs/promises';
import { analyzePortrait } from '../../containers/gpu-sampler/src/face/analyze-portrait.js';
import { type Measurement, measure } from '../measure.js';

export const FACE_BENCH = { portrait: 'examples/portrait-astronaut.png', size: 512 } as const;

export async function benchFace(runs: number): Promise<Measurement[]> {
  const bytes = new Uint8Array(await readFile(FACE_BENCH.portrait));
  const m = await measure(
    `analyzePortrait ${FACE_BENCH.size} px (portrait-astronaut.png)`,
    () => analyzePortrait(bytes, { size: FACE_BENCH.size, crop: 'face' }),
    { runs },
  );
  return [m];
}
