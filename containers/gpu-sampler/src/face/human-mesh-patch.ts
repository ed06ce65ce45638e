/**
 * Sub-pixel face-mesh coordinates for `@vladmandic/human`.
 *
 * human maps the face-mesh model output (coordinates in the 256² face crop) back to the image in
 * `transformRawCoords` (src/face/facemeshutil.ts) and ends with
 *
 *   return coordsRotated.map((coord) => [Math.trunc(coord[0] + offsets[0]),
 *                                        Math.trunc(coord[1] + offsets[1]), Math.trunc(coord[2] || 0)]);
 *
 * so every landmark is truncated to a whole pixel, and `meshRaw` (computed from `mesh`) inherits
 * the truncation: the fractional part cannot be recovered from the result. The renderer needs
 * sub-pixel landmarks (a 0.5 px error on a lip contour is visible once warped), so we patch the
 * bundled source before evaluating it: the same function without the truncation, and with z
 * scaled from crop units to image pixels like x and y.
 *
 * Notation (names in the minified bundle are captured by the pattern, never hard-coded):
 *   s = boxSize [w, h] of the crop box in image pixels,  r = the mesh model's input size (256),
 *   d = one rotated, scaled point,  y = the box-centre offsets.
 *   patched: [d0 + y0, d1 + y1, (d2 || 0) * (s0 + s1) / (2 r)]
 *
 * The pattern is checked to match exactly once; a different human build fails loudly here rather
 * than silently returning whole pixels.
 */
import { FaceModelError } from './errors.js';

/** The face-mesh `transformRawCoords` in the minified `dist/human.node-wasm.js` of human 3.3.x. */
const FACE_TRANSFORM =
  /function (\w+)\((\w+),(\w+),(\w+),(\w+),(\w+)\)\{let (\w+)=\w+\(\3\),([^{}]*?)return (\w+)\.map\((\w+)=>\[Math\.trunc\(\10\[0\]\+(\w+)\[0\]\),Math\.trunc\(\10\[1\]\+\11\[1\]\),Math\.trunc\(\10\[2\]\|\|0\)\]\)\}/g;

/**
 * Returns `source` (the text of human's node bundle) with sub-pixel face-mesh coordinates.
 * @throws FaceModelError when the function is not found exactly once.
 */
export function patchSubpixelMesh(source: string): string {
  const matches = [...source.matchAll(FACE_TRANSFORM)];
  if (matches.length !== 1) {
    throw new FaceModelError(
      `cannot patch human's face-mesh transformRawCoords: expected 1 match, found ${matches.length}; ` +
        'this patch targets @vladmandic/human 3.3.x (dist/human.node-wasm.js)',
    );
  }
  const m = matches[0]!;
  const whole = m[0];
  const [inputSize, boxSize, rotated, d, offsets] = [m[6], m[7], m[9], m[10], m[11]];
  const tail = whole.lastIndexOf(`return ${rotated}.map(`);
  const patched =
    whole.slice(0, tail) +
    `return ${rotated}.map(${d}=>[${d}[0]+${offsets}[0],${d}[1]+${offsets}[1],` +
    `(${d}[2]||0)*(${boxSize}[0]+${boxSize}[1])/(2*${inputSize})])}`;
  return source.slice(0, m.index) + patched + source.slice(m.index + whole.length);
}
