import { beforeAll, describe, expect, it } from 'vitest';
import type { PortraitAnalysis } from '../../../containers/gpu-sampler/src/face/portrait.js';
import { loadFaceMeshConstants } from '../../../containers/gpu-sampler/src/render/face-mesh-constants.js';
import {
  buildMeshTopology,
  type MeshTopology,
} from '../../../containers/gpu-sampler/src/render/mesh-topology.js';
import { analyseExample } from './portrait-fixture.js';

let analysis: PortraitAnalysis;
let topology: MeshTopology;
beforeAll(async () => {
  analysis = await analyseExample(256);
  topology = buildMeshTopology(analysis.landmarks, analysis.image.width, analysis.image.height);
});

describe('face-mesh constants', () => {
  it("reads human's TRI468 and landmark groups from the installed package", () => {
    // Act
    const { triangles, annotations } = loadFaceMeshConstants();
    // Assess
    expect(triangles.length).toBe(880 * 3);
    expect(Math.max(...triangles)).toBe(467);
    expect(annotations.lipsLowerInner).toHaveLength(11);
    expect(annotations.leftEyeIris).toHaveLength(5);
    expect(annotations.silhouette).toHaveLength(36);
  });
});

describe('buildMeshTopology', () => {
  it('covers the whole image once (triangle areas sum to the border rectangle)', () => {
    // Prepare
    const { base, triangles, width, height } = topology;
    let sum = 0;
    // Act
    for (let t = 0; t < triangles.length; t += 3) {
      const [a, b, c] = [triangles[t]! * 2, triangles[t + 1]! * 2, triangles[t + 2]! * 2];
      sum +=
        Math.abs(
          (base[b]! - base[a]!) * (base[c + 1]! - base[a + 1]!) -
            (base[c]! - base[a]!) * (base[b + 1]! - base[a + 1]!),
        ) / 2;
    }
    // Assess: the projected face mesh folds a little at the nose sides (< 1.5 %).
    const rect = (width + 1) * (height + 1);
    expect(sum).toBeGreaterThanOrEqual(rect * 0.999);
    expect(sum).toBeLessThan(rect * 1.015);
  });

  it("names sides from the subject's view: left = canonical +x = image right", () => {
    // Prepare
    const { canonical, groups } = topology;
    const x = (ids: readonly number[]) => ids.reduce((s, v) => s + canonical[v * 2]!, 0) / ids.length;
    // Assess
    for (const [left, right] of [
      [groups.irisL, groups.irisR],
      [groups.lipCornerL, groups.lipCornerR],
      [groups.browInnerL, groups.browInnerR],
      [groups.upperLidL, groups.upperLidR],
    ] as const) {
      expect(x(left)).toBeGreaterThan(0.2);
      expect(x(right)).toBeLessThan(-0.2);
    }
    expect(Math.abs(x(groups.browInnerL))).toBeLessThan(Math.abs(x(groups.browOuterL)));
  });
});
