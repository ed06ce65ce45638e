import { describe, expect, it } from 'vitest';
import {
  createPiecewiseAffineWarp,
  warpPiecewiseAffine,
} from '../../../containers/gpu-sampler/src/render/piecewise-affine-warp.js';

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

  it('fixed point stays near float bilinear sampling (an affine map over the image)', () => {
    // Prepare: one rotation + scale + sub-pixel shift over the whole image (2 triangles).
    const { image, quad, triangles } = scene(64, 48);
    const [a, b, d, e, c, f] = [0.97, 0.11, -0.09, 1.02, 1.37, -2.61];
    const source = quad.map((_, i) =>
      i % 2 === 0 ? a * quad[i]! + b * quad[i + 1]! + c : d * quad[i - 1]! + e * quad[i]! + f,
    );
    const out = new Uint8Array(image.data.length);
    // Act
    warpPiecewiseAffine(image, source, quad, triangles, out);
    // Assess: the straightforward float sample at A(x, y), clamped to the image.
    let worst = 0;
    let sum = 0;
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 64; x++) {
        const sx = Math.min(63, Math.max(0, a * x + b * y + c));
        const sy = Math.min(47, Math.max(0, d * x + e * y + f));
        const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
        const [x1, y1] = [Math.min(63, x0 + 1), Math.min(47, y0 + 1)];
        for (let k = 0; k < 3; k++) {
          const at = (px: number, py: number) => image.data[(py * 64 + px) * 3 + k]!;
          const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * (sx - x0);
          const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * (sx - x0);
          const expected = top + (bottom - top) * (sy - y0);
          const error = Math.abs(out[(y * 64 + x) * 3 + k]! - expected);
          worst = Math.max(worst, error);
          sum += error;
        }
      }
    }
    // 8-bit weights: off by up to |step|/256 per axis (the pattern wraps 255 -> 0), plus rounding.
    expect(worst).toBeLessThanOrEqual(1.5);
    expect(sum / (64 * 48 * 3)).toBeLessThan(0.3);
  });
});

describe('createPiecewiseAffineWarp (the WebAssembly span kernel)', () => {
  /** A random mesh over the image: a jittered grid, every interior vertex moved. */
  function randomMesh(w: number, h: number, seed: number, move: number) {
    let state = seed;
    const rnd = () => {
      state = (state * 16_807) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    const [nx, ny] = [9, 7];
    const base: number[] = [];
    const moved: number[] = [];
    for (let j = 0; j <= ny; j++) {
      for (let i = 0; i <= nx; i++) {
        const x = -1 + ((w + 1) * i) / nx;
        const y = -1 + ((h + 1) * j) / ny;
        const inner = i > 0 && i < nx && j > 0 && j < ny;
        base.push(x, y);
        moved.push(x + (inner ? (rnd() - 0.5) * move : 0), y + (inner ? (rnd() - 0.5) * move : 0));
      }
    }
    const tris: number[] = [];
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = j * (nx + 1) + i;
        tris.push(v, v + 1, v + nx + 2, v, v + nx + 2, v + nx + 1);
      }
    }
    return {
      base: Float32Array.from(base),
      moved: Float32Array.from(moved),
      triangles: Uint32Array.from(tris),
    };
  }

  it('gives the bytes of the JavaScript warp: moved meshes, folds, the image border, far-out sources', () => {
    for (const [w, h, seed, move] of [
      [64, 48, 1, 6],
      [97, 61, 2, 30], // moves past neighbours: overlapping (folded) triangles, drawn in order
      [40, 40, 3, 0.7],
    ] as const) {
      // Prepare
      const { image } = scene(w, h);
      const { base, moved, triangles } = randomMesh(w, h, seed, move);
      // sources beyond the image (clamped spans) and beyond the fixed-point range (float spans)
      const far = Float32Array.from(base, (v, i) => (i === 2 * 12 ? v + 40_000 : v));
      const warp = createPiecewiseAffineWarp(w, h);
      for (const sourcePoints of [base, far]) {
        const expected = Uint8Array.from(image.data);
        warpPiecewiseAffine(image, sourcePoints, moved, triangles, expected, { outHoldsSource: true });
        warp.source.set(image.data);
        // Act
        warp.warp(sourcePoints, moved, triangles);
        // Assess
        expect(Buffer.from(warp.target).equals(Buffer.from(expected))).toBe(true);
      }
    }
  });

  it('more spans than one batch; an unmoved mesh copies the source', () => {
    // Prepare: 1 px wide triangles: thousands of short spans.
    const [w, h] = [300, 200];
    const { image } = scene(w, h);
    const pts: number[] = [];
    const tris: number[] = [];
    for (let i = 0; i <= w; i++) pts.push(i - 0.5, -1, i - 0.5, h);
    for (let i = 0; i < w; i++) tris.push(2 * i, 2 * i + 2, 2 * i + 1, 2 * i + 1, 2 * i + 2, 2 * i + 3);
    const base = Float32Array.from(pts);
    const moved = base.map((v, i) => (i % 2 === 0 ? v + 0.37 * Math.sin(i) : v));
    const triangles = Uint32Array.from(tris);
    const expected = Uint8Array.from(image.data);
    warpPiecewiseAffine(image, base, moved, triangles, expected, { outHoldsSource: true });
    const warp = createPiecewiseAffineWarp(w, h);
    warp.source.set(image.data);
    // Act
    warp.warp(base, moved, triangles);
    const warped = Uint8Array.from(warp.target);
    warp.warp(base, base, triangles);
    // Assess
    expect(Buffer.from(warped).equals(Buffer.from(expected))).toBe(true);
    expect(Buffer.from(warp.target).equals(Buffer.from(image.data))).toBe(true);
  });
});
