/**
 * orderTrianglesBackToFront (mesh-topology.ts) for frame after frame: the same order (depth sum
 * descending, ties by triangle index: its stable sort), kept between frames and re-sorted by
 * insertion, which costs about one pass when the head turns a little from one frame to the next
 * (no allocation, no comparator calls through the sort built-in).
 */
import type { MeshTopology } from './mesh-topology.js';

export interface TriangleDepthOrder {
  /** The mesh's triangles (vertex triples) far to near for `depth` (one buffer, reused). */
  sort(depth: Float32Array): Uint32Array;
}

export function createTriangleDepthOrder(topology: MeshTopology): TriangleDepthOrder {
  const tris = topology.triangles;
  const count = tris.length / 3;
  const keys = new Float64Array(count);
  const order = Uint32Array.from({ length: count }, (_, t) => t);
  const out = new Uint32Array(tris.length);
  /** Whether triangle p draws before q. */
  const before = (p: number, q: number) => keys[p]! > keys[q]! || (keys[p] === keys[q] && p < q);
  return {
    sort(depth) {
      for (let t = 0; t < count; t++) {
        let k = 0;
        for (let j = 0; j < 3; j++) {
          const v = tris[t * 3 + j]!;
          k += v < depth.length ? depth[v]! : 1e9;
        }
        keys[t] = k;
      }
      for (let i = 1; i < count; i++) {
        const t = order[i]!;
        let j = i - 1;
        while (j >= 0 && before(t, order[j]!)) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = t;
      }
      for (let i = 0; i < count; i++) {
        const t = order[i]!;
        out[i * 3] = tris[t * 3]!;
        out[i * 3 + 1] = tris[t * 3 + 1]!;
        out[i * 3 + 2] = tris[t * 3 + 2]!;
      }
      return out;
    },
  };
}
