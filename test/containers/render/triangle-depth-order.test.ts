import { describe, expect, it } from 'vitest';
import {
  buildMeshTopology,
  orderTrianglesBackToFront,
} from '../../../containers/gpu-sampler/src/render/mesh-topology.js';
import { createTriangleDepthOrder } from '../../../containers/gpu-sampler/src/render/triangle-depth-order.js';
import { analyseExample } from './portrait-fixture.js';

describe('createTriangleDepthOrder', () => {
  it("is orderTrianglesBackToFront's order, frame after frame (turning heads, ties, a jump)", async () => {
    // Prepare
    const analysis = await analyseExample(256);
    const topology = buildMeshTopology(analysis.landmarks, 256, 256);
    const order = createTriangleDepthOrder(topology);
    const expected = new Uint32Array(topology.triangles.length);
    const depth = Float32Array.from(topology.z);
    const turned = (yaw: number) => {
      for (let v = 0; v < depth.length; v++)
        depth[v] = topology.z[v]! * Math.cos(yaw) + topology.canonical[v * 2]! * 60 * Math.sin(yaw);
      return depth;
    };
    const frames = [
      ...Array.from({ length: 20 }, (_, i) => () => turned(0.02 * i)),
      () => turned(-0.4), // a jump: many triangles change places
      () => depth.fill(3), // all tied: the triangle index decides
      () => turned(0.1),
    ];
    for (const frame of frames) {
      const d = frame();
      orderTrianglesBackToFront(topology, d, expected);
      // Act
      const actual = order.sort(d);
      // Assess
      expect(Buffer.from(actual.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    }
  });
});
