import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../containers/gpu-sampler/src/face/portrait.js';
import {
  FRAME_DEFAULTS,
  type FramePlan,
  planFaceCrop,
  planFullFrame,
  renderFrame,
  transformPoints,
} from '../../../containers/gpu-sampler/src/face/portrait-frame.js';

/** A grey image with a bright Gaussian blob centred at (cx, cy) (continuous coordinates). */
function blobImage(width: number, height: number, cx: number, cy: number, sigma: number): RgbImage {
  const data = new Uint8Array(width * height * 3).fill(20);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d2 = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2;
      data.fill(
        20 + Math.round(220 * Math.exp(-d2 / (2 * sigma * sigma))),
        3 * (y * width + x),
        3 * (y * width + x) + 3,
      );
    }
  }
  return { width, height, data };
}

/** Intensity centroid above the background, in continuous coordinates. */
function centroid(image: RgbImage, background = 20): [number, number] {
  let sx = 0;
  let sy = 0;
  let sw = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const w = Math.max(0, image.data[3 * (y * image.width + x)]! - background - 2);
      sx += (x + 0.5) * w;
      sy += (y + 0.5) * w;
      sw += w;
    }
  }
  return [sx / sw, sy / sw];
}

async function mappedBlob(image: RgbImage, plan: FramePlan, cx: number, cy: number) {
  const frame = await renderFrame(image, plan);
  const [x, y] = Array.from(transformPoints(new Float32Array([cx, cy, 0]), plan.transform));
  return { frame, expected: [x!, y!], found: centroid(frame) };
}

describe('planFaceCrop', () => {
  it('frames the face at faceFraction of the width, inside the image when it fits', () => {
    const plan = planFaceCrop(1000, 800, { x: 400, y: 300, width: 100, height: 120 }, 512);

    expect(plan.extract.width).toBe(200);
    expect(plan.extract.height).toBe(200);
    expect(plan.replicate).toEqual({ left: 0, top: 0, right: 0, bottom: 0 });
    expect((100 * plan.transform.scaleX) / 512).toBeCloseTo(FRAME_DEFAULTS.faceFraction, 6);
    // the face box centre lands at (0.5, faceCentreY) of the frame
    const [x, y] = transformPoints(new Float32Array([450, 360, 0]), plan.transform);
    expect(x! / 512).toBeCloseTo(0.5, 2);
    expect(y! / 512).toBeCloseTo(FRAME_DEFAULTS.faceCentreY, 2);
  });

  it('moves the square inside the image near an edge', () => {
    const plan = planFaceCrop(1000, 800, { x: 10, y: 5, width: 100, height: 120 }, 512);

    expect(plan.extract).toEqual({ left: 0, top: 0, width: 200, height: 200 });
    expect(plan.replicate).toEqual({ left: 0, top: 0, right: 0, bottom: 0 });
  });

  it('shrinks the square to the image, then replicates edges when the face is too wide for it', () => {
    const fits = planFaceCrop(300, 220, { x: 100, y: 50, width: 120, height: 130 }, 512);
    expect(fits.extract).toEqual({ left: 50, top: 0, width: 220, height: 220 });
    expect(fits.replicate).toEqual({ left: 0, top: 0, right: 0, bottom: 0 });

    const padded = planFaceCrop(200, 150, { x: 40, y: 20, width: 120, height: 125 }, 512);
    const side = Math.round(120 / FRAME_DEFAULTS.maxFaceFraction);
    expect(padded.extract.width + padded.replicate.left + padded.replicate.right).toBe(side);
    expect(padded.extract.height + padded.replicate.top + padded.replicate.bottom).toBe(side);
    expect(padded.replicate.top + padded.replicate.bottom).toBe(side - 150);
  });
});

describe('renderFrame + transformPoints keep sub-pixel registration', () => {
  it.each([
    ['enlarging face crop', 300, 260, { x: 120, y: 100, width: 60, height: 70 }],
    ['shrinking face crop', 1400, 1200, { x: 600, y: 500, width: 400, height: 450 }],
    ['crop with edge replication', 260, 200, { x: 70, y: 30, width: 130, height: 150 }],
  ])('%s', async (_name, width, height, face) => {
    // Prepare: a blob at a fractional position inside the face box
    const cx = face.x + face.width * 0.43 + 0.37;
    const cy = face.y + face.height * 0.52 + 0.81;
    const image = blobImage(width, height, cx, cy, Math.max(4, face.width / 12));
    const plan = planFaceCrop(width, height, face, 256);

    // Act
    const { frame, expected, found } = await mappedBlob(image, plan, cx, cy);

    // Assess
    expect([frame.width, frame.height, frame.data.length]).toEqual([256, 256, 256 * 256 * 3]);
    expect(Math.abs(found[0] - expected[0]!)).toBeLessThan(0.1);
    expect(Math.abs(found[1] - expected[1]!)).toBeLessThan(0.1);
  });

  it.each([
    ['landscape, shrunk', 900, 600],
    ['portrait, enlarged', 150, 200],
  ])('full frame letterbox: %s', async (_name, width, height) => {
    const [cx, cy] = [width * 0.61 + 0.29, height * 0.37 + 0.63];
    const image = blobImage(width, height, cx, cy, Math.max(width, height) / 30);
    const plan = planFullFrame(width, height, 256);

    const { frame, expected, found } = await mappedBlob(image, plan, cx, cy);

    expect(Math.abs(found[0] - expected[0]!)).toBeLessThan(0.1);
    expect(Math.abs(found[1] - expected[1]!)).toBeLessThan(0.1);
    // the letterbox bars are black, the image keeps its aspect
    const longSide = Math.max(plan.resized.width, plan.resized.height);
    expect(longSide).toBe(256);
    expect(plan.resized.width / plan.resized.height).toBeCloseTo(width / height, 1);
    const corner = width > height ? [0, 0] : [0, 128];
    expect(frame.data[3 * (corner[1]! * 256 + corner[0]!)]).toBe(0);
  });
});
