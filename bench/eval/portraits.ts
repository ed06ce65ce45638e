/**
 * The evaluation's portraits: the bundled example (which smiles) and neutral-faced portraits cut,
 * at evaluation time, from images that ship inside the dependencies. Nothing is copied into the
 * repository; the crops live in memory only.
 *
 * How the boxes were found (once): human 3.3 (this project's configuration, human-loader.ts) run on
 * every `@vladmandic/face-api/demo/sample{1..6}.jpg` and `@vladmandic/human/assets/*.jpg` (27 faces
 * of at least 120 px); each face's crop then went through the pipeline's own framing
 * (analyzePortrait at 256 and 512 px) and human's emotion model. Kept: frontal (|yaw| <= 0.35 rad),
 * box >= 120 px, and read as neutral (top-1) on the pipeline's frame at both sizes. `box` is human's
 * face box [x, y, side] in source pixels, as printed then:
 *   face-api demo/sample3.jpg (1920x1350), face 0: box 515,295,361  neutral 0.93 (256) / 0.95 (512)
 *   human assets/screenshot-facedetect.jpg (800x718), face 3: box 336,351,126  neutral 0.85 / 0.84
 *   face-api demo/sample5.jpg (1920x1398), face 4: box 274,850,370  neutral 0.52 / 0.65 (spare)
 * The other faces smile (most of them), are turned (|yaw| > 0.35) or read sad / angry. The crop is a
 * square of `CROP_SCALE` box sides around the box centre, clamped to the image; the pipeline's own
 * face crop (analyze-portrait.ts) then frames it like any user portrait.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export interface EvalPortrait {
  readonly id: string;
  /** Where it comes from, for the report. */
  readonly source: string;
  /** 'smiling' (the example) or 'neutral'. */
  readonly expression: 'smiling' | 'neutral';
  /** The image bytes handed to the pipeline (PNG). */
  load(): Promise<Uint8Array>;
}

/** Crop side in face-box sides (room for the pipeline's face crop, 2x the mesh box). */
export const CROP_SCALE = 2.6;

const require = createRequire(import.meta.url);
/** A package's folder: up from its entry point to the package.json that names it (exports maps hide it). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (dirname(dir) !== dir) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the folder of ${name}`);
}
const repo = fileURLToPath(new URL('../../', import.meta.url));

interface CropSpec {
  readonly id: string;
  readonly pkg: string;
  readonly file: string;
  readonly box: readonly [number, number, number];
}

const CROPS: readonly CropSpec[] = [
  { id: 'sample3-f0', pkg: '@vladmandic/face-api', file: 'demo/sample3.jpg', box: [515, 295, 361] },
  {
    id: 'facedetect-f3',
    pkg: '@vladmandic/human',
    file: 'assets/screenshot-facedetect.jpg',
    box: [336, 351, 126],
  },
  { id: 'sample5-f4', pkg: '@vladmandic/face-api', file: 'demo/sample5.jpg', box: [274, 850, 370] },
];

async function cropPortrait(spec: CropSpec): Promise<Uint8Array> {
  const path = join(packageDir(spec.pkg), spec.file);
  const bytes = await readFile(path);
  const meta = await sharp(bytes).metadata();
  const [x, y, s] = spec.box;
  const side = Math.round(s * CROP_SCALE);
  const left = Math.max(0, Math.round(x + s / 2 - side / 2));
  const top = Math.max(0, Math.round(y + s / 2 - side / 2));
  const width = Math.min(meta.width! - left, side);
  const height = Math.min(meta.height! - top, side);
  return new Uint8Array(await sharp(bytes).extract({ left, top, width, height }).png().toBuffer());
}

export const EXAMPLE_PORTRAIT: EvalPortrait = {
  id: 'astronaut',
  source: 'examples/portrait-astronaut.png',
  expression: 'smiling',
  load: async () => new Uint8Array(await readFile(join(repo, 'examples/portrait-astronaut.png'))),
};

export const NEUTRAL_PORTRAITS: readonly EvalPortrait[] = CROPS.map((spec) => ({
  id: spec.id,
  source: `${spec.pkg}/${spec.file} [${spec.box.join(', ')}]`,
  expression: 'neutral',
  load: () => cropPortrait(spec),
}));

export const EVAL_PORTRAITS: readonly EvalPortrait[] = [EXAMPLE_PORTRAIT, ...NEUTRAL_PORTRAITS];
