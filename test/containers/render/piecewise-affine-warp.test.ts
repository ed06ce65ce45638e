import { describe, expect, it } from 'vitest';
import { warpPiecewiseAffine } from '../../../containers/gpu-sampler/src/render/piecewise-affine-warp.js';

/** A w x h test image with a smooth pattern; and a 2-triangle mesh over [-1, w] x [-1, h]. */
function scene(w: number, h: number) {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      data[o] = (x * 7) % 256;
      data[o + 1] = (y * 5) % 256;
      data[o + 2] = (x * y) % 256;
    }
  }
  const quad = Float32Array.of(-1, -1, w, -1, w, h, -1, h);
  return { image: { width: w, height: h, data }, quad, triangles: Uint32Array.of(0, 1, 2, 0, 2, 3) };
}

describe('warpPiecewiseAffine', () => {
  it('is the identity for an identity mesh and writes every pixel', () => {
    // Prepare
    const { image, quad, triangles } = scene(37, 29);
    const out = new Uint8Array(image.data.length).fill(1);
    // Act
    warpPiecewiseAffine(image, quad, quad, triangles, out);
    // Assess
    expect(Buffer.from(out).equals(Buffer.from(image.data))).toBe(true);
  });

  it('is the identity for a sub-pixel interior mesh (shared edges, no gaps, no seams)', () => {
    // Prepare: a fan of thin triangles around a sub-pixel centre.
    const { image } = scene(40, 40);
    const pts = [19.37, 20.61];
    const ring: number[] = [];
    for (let k = 0; k < 24; k++) {
      const a = (2 * Math.PI * k) / 24;
      pts.push(19.37 + 60 * Math.cos(a), 20.61 + 60 * Math.sin(a));
      ring.push(0, 1 + k, 1 + ((k + 1) % 24));
    }
    const mesh = Float32Array.from(pts);
    const out = new Uint8Array(image.data.length);
    // Act
    warpPiecewiseAffine(image, mesh, mesh, Uint32Array.from(ring), out);
    // Assess
    expect(Buffer.from(out).equals(Buffer.from(image.data))).toBe(true);
  });

  it('samples bilinearly: a half-pixel translation averages neighbours', () => {
    // Prepare: source mesh shifted by +0.5 px in x relative to the target mesh.
    const { image, quad, triangles } = scene(16, 8);
    const shifted = quad.map((v, i) => (i % 2 === 0 ? v + 0.5 : v));
    const out = new Uint8Array(image.data.length);
    // Act
    warpPiecewiseAffine(image, shifted, quad, triangles, out);
    // Assess
    const at = (x: number, y: number) => (y * 16 + x) * 3;
    const expected = (image.data[at(5, 3) + 1]! + image.data[at(6, 3) + 1]!) / 2;
    expect(Math.abs(out[at(5, 3) + 1]! - expected)).toBeLessThanOrEqual(1);
    expect(
      Math.abs(out[at(5, 3)]! - (image.data[at(5, 3)]! + image.data[at(6, 3)]!) / 2),
    ).toBeLessThanOrEqual(1);
  });

  it('skips degenerate target triangles and rejects aliasing', () => {
    // Prepare
    const { image } = scene(8, 8);
    const flat = Float32Array.of(0, 0, 4, 4, 8, 8);
    const out = new Uint8Array(image.data.length).fill(9);
    // Act
    warpPiecewiseAffine(image, flat, flat, Uint32Array.of(0, 1, 2), out);
    // Assess
    expect(out.every((v) => v === 9)).toBe(true);
    expect(() => warpPiecewiseAffine(image, flat, flat, Uint32Array.of(0, 1, 2), image.data)).toThrow(
      RangeError,
    );
  });
});
