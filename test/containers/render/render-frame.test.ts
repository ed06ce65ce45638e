import { beforeAll, describe, expect, it } from 'vitest';
import type { PortraitAnalysis } from '../../../containers/gpu-sampler/src/face/portrait.js';
import {
  createFrameRenderer,
  type FrameRenderer,
} from '../../../containers/gpu-sampler/src/render/render-frame.js';
import { analyseExample, centre, meanAbsError, motion } from './portrait-fixture.js';

let analysis: PortraitAnalysis;
let renderer: FrameRenderer;
beforeAll(async () => {
  analysis = await analyseExample(256);
  renderer = createFrameRenderer(analysis);
});

/** Displacement of a landmark group's centroid for `values`, in image pixels. */
function moved(ids: readonly number[], values: Record<string, number>): [number, number] {
  const [x0, y0] = centre(analysis.landmarks, ids, 3);
  const [x1, y1] = centre(renderer.landmarksFor(motion(values)), ids, 2);
  return [x1 - x0, y1 - y0];
}

const luminance = (rgb: Uint8Array, o: number) => 0.299 * rgb[o]! + 0.587 * rgb[o + 1]! + 0.114 * rgb[o + 2]!;

describe('createFrameRenderer', () => {
  it('reproduces the source for neutral motion', () => {
    // Act
    const frame = renderer.render(motion());
    // Assess
    expect(frame).toHaveLength(analysis.image.data.length);
    expect(meanAbsError(frame, analysis.image.data)).toBeLessThan(1.5);
  });

  it('saturates the brow raisers at their ceiling under a high intensity, and only them', () => {
    // Prepare: at intensity 2, AU 0.65 reaches the 1.3 ceiling (FACE_MOTION_DEFAULTS.auCeiling)
    const strong = createFrameRenderer(analysis, { intensity: 2 });
    const { browL, lipCornerL } = strong.topology.groups;
    const y = (values: Record<string, number>, ids: readonly number[]) =>
      centre(strong.landmarksFor(motion(values)), ids, 2)[1];
    // Act
    const [atCeiling, beyond, half] = [0.65, 1, 0.3].map((v) => y({ AU1: v, AU2L: v, AU2R: v }, browL));
    const rest = y({}, browL);
    const [corner65, corner100] = [0.65, 1].map((v) => y({ AU15: v }, lipCornerL));
    // Assess: the brows stop at the ceiling but still rise below it; AU15 keeps scaling
    expect(beyond).toBeCloseTo(atCeiling!, 2);
    expect(atCeiling!).toBeLessThan(half! - 0.5);
    expect(half!).toBeLessThan(rest - 0.5);
    expect(corner100!).toBeGreaterThan(corner65! + 0.5);
  });

  it('AU4 lowers the inner brows and draws them together', () => {
    // Prepare
    const { browInnerL, browInnerR } = renderer.topology.groups;
    const gap = (pts: Float32Array, stride: 2 | 3) =>
      centre(pts, browInnerL, stride)[0] - centre(pts, browInnerR, stride)[0];
    // Act
    const left = moved(browInnerL, { AU4: 1 });
    const right = moved(browInnerR, { AU4: 1 });
    const after = gap(renderer.landmarksFor(motion({ AU4: 1 })), 2);
    // Assess
    expect(left[1]).toBeGreaterThan(1);
    expect(right[1]).toBeGreaterThan(1);
    expect(after).toBeLessThan(gap(analysis.landmarks, 3) - 1);
  });

  it("AU12L pulls only the subject's left lip corner (image right) up and outwards", () => {
    // Prepare
    const { lipCornerL, lipCornerR } = renderer.topology.groups;
    // Act
    const left = moved(lipCornerL, { AU12L: 1 });
    const right = moved(lipCornerR, { AU12L: 1 });
    const both = [moved(lipCornerL, { AU12L: 1, AU12R: 1 }), moved(lipCornerR, { AU12L: 1, AU12R: 1 })];
    // Assess: image y is down, the subject's left is +x for this frontal portrait.
    expect(left[1]).toBeLessThan(-1);
    expect(left[0]).toBeGreaterThan(1);
    expect(Math.hypot(...right)).toBeLessThan(0.3);
    expect(both[1]![0]).toBeLessThan(-1);
    expect(both[1]![1]).toBeLessThan(-1);
  });

  it('AU1 + AU2 raise the brows', () => {
    // Prepare
    const { browL, browR } = renderer.topology.groups;
    // Act
    const up = [...browL, ...browR].map((v) => moved([v], { AU1: 1, AU2L: 1, AU2R: 1 })[1]);
    // Assess
    for (const dy of up) expect(dy).toBeLessThan(-1);
  });

  it('jawOpen opens the inner lips and darkens the mouth interior', () => {
    // Prepare
    const { upperLipInner, lowerLipInner } = renderer.topology.groups;
    const mid = Math.floor(upperLipInner.length / 2);
    const gap = (pts: Float32Array, stride: 2 | 3) =>
      pts[lowerLipInner[mid]! * stride + 1]! - pts[upperLipInner[mid]! * stride + 1]!;
    const open = motion({ jawOpen: 1 });
    const lips = renderer.landmarksFor(open);
    const ids = [...upperLipInner, ...lowerLipInner];
    const xs = ids.map((v) => lips[v * 2]!);
    const ys = ids.map((v) => lips[v * 2 + 1]!);
    const dark = (rgb: Uint8Array) => {
      let n = 0;
      for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
        for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) {
          if (luminance(rgb, (y * renderer.width + x) * 3) < 70) n++;
        }
      }
      return n;
    };
    // Act
    const frame = renderer.render(open);
    // Assess
    expect(gap(lips, 2)).toBeGreaterThan(gap(analysis.landmarks, 3) + 0.1 * renderer.topology.frame.iod);
    expect(dark(frame)).toBeGreaterThan(dark(analysis.image.data) + 50);
  });

  it('blink closes both eyes', () => {
    // Prepare
    const { upperLidL, lowerLidL, upperLidR, lowerLidR } = renderer.topology.groups;
    const lids = renderer.landmarksFor(motion({ blink: 1 }));
    // Assess: every upper-lid point sits on the lower lid (within half a pixel).
    for (const [upper, lower] of [
      [upperLidL, lowerLidL],
      [upperLidR, lowerLidR],
    ] as const) {
      const midU = upper[Math.floor(upper.length / 2)]!;
      const midL = lower[Math.floor(lower.length / 2)]!;
      const before = analysis.landmarks[midL * 3 + 1]! - analysis.landmarks[midU * 3 + 1]!;
      expect(before).toBeGreaterThan(2);
      expect(Math.abs(lids[midL * 2 + 1]! - lids[midU * 2 + 1]!)).toBeLessThan(0.5);
    }
  });

  it('head yaw moves the face but not the image corners', () => {
    // Prepare
    const nose = renderer.topology.groups.noseTip;
    const { width, height } = renderer;
    const source = analysis.image.data;
    // Act
    const [dx] = moved(nose, { headYaw: 0.2 });
    const frame = renderer.render(motion({ headYaw: 0.2 }));
    // Assess
    expect(dx).toBeGreaterThan(2);
    expect(meanAbsError(frame, source)).toBeGreaterThan(0.5);
    for (const [x0, y0] of [
      [0, 0],
      [width - 8, 0],
      [0, height - 8],
      [width - 8, height - 8],
    ] as const) {
      for (let y = y0; y < y0 + 8; y++) {
        const o = (y * width + x0) * 3;
        expect(Buffer.from(frame.subarray(o, o + 24)).equals(Buffer.from(source.subarray(o, o + 24)))).toBe(
          true,
        );
      }
    }
  });

  it('scales the expression AUs with the intensity but leaves the mouth openers (AU25/26/27) alone', () => {
    // Prepare
    const strong = createFrameRenderer(analysis, { intensity: 2 });
    const { lowerLipInner, browInnerL } = renderer.topology.groups;
    const dy = (r: FrameRenderer, ids: readonly number[], values: Record<string, number>) =>
      centre(r.landmarksFor(motion(values)), ids, 2)[1] - centre(r.landmarksFor(motion()), ids, 2)[1];
    // Act
    const [lipsAt13, lipsAt2] = [renderer, strong].map((r) => dy(r, lowerLipInner, { AU25: 0.5, AU26: 0.4 }));
    const [browAt13, browAt2] = [renderer, strong].map((r) => dy(r, browInnerL, { AU4: 0.4 }));
    // Assess: the opening is the same at both scales (> 1 px, so there is one); the frown grows
    expect(lipsAt13!).toBeGreaterThan(1);
    expect(lipsAt2!).toBeCloseTo(lipsAt13!, 3);
    expect(browAt2! / browAt13!).toBeCloseTo(2 / 1.3, 1);
  });

  it('calibrates the brow lowerer: AU4 at 1 lowers the inner brows by more than an eighth of the eye distance', () => {
    // Prepare: the inter-ocular distance from the eye corners' centroids
    const { browInnerL, browInnerR, upperLidL, upperLidR } = renderer.topology.groups;
    const iod = Math.abs(
      centre(analysis.landmarks, upperLidL, 3)[0] - centre(analysis.landmarks, upperLidR, 3)[0],
    );
    // Act
    const drop = (moved(browInnerL, { AU4: 1 })[1] + moved(browInnerR, { AU4: 1 })[1]) / 2;
    // Assess: FACS E for AU4, the brows pulled well down: 1.35 x the authored 0.08 IOD x 1.3 = 0.14
    // IOD (0.106 without the calibration)
    expect(drop).toBeGreaterThan(iod / 8);
  });

  it('rejects motion of the wrong length', () => {
    expect(() => renderer.render(new Float32Array(3))).toThrow(RangeError);
    expect(() => renderer.landmarksFor(new Float32Array(40))).toThrow(RangeError);
  });
});
