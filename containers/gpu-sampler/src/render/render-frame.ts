/**
 * The frame renderer: one frame of motion (the 37 channel values of core/motion/channels.ts) and an
 * analysed portrait -> an RGB frame.
 *
 * Per portrait (once): the full-image warp mesh, the displacement basis, the shading maps (wrinkles
 * and the source's own expression detail), the lid and mouth-interior colour models.
 * Per frame:
 *   1. motion -> target mesh (expression, gaze, head pose; face-motion.ts)
 *   2. shading on the source: wrinkle/fold ratio maps and detail attenuation (expression-shading.ts)
 *   3. piecewise-affine backward warp of the shaded source (piecewise-affine-warp.ts; its inner loop
 *      in WebAssembly, warp-span-kernel.ts, with the images in the kernel's memory)
 *   4. eyes: the eyeball redrawn inside the moved lids, the lid over it when it closes (eye-interior.ts)
 *   5. mouth: a synthesized interior where the lips open beyond the source (mouth-interior.ts)
 *
 * Zero motion reproduces the source exactly (every stage is the identity there).
 */
import { CHANNEL_COUNT, CHANNEL_NAMES } from '../../../../core/motion/channels.js';
import type { PortraitAnalysis } from '../face/portrait.js';
import { buildDeformationBasis } from './deformation-basis.js';
import { createExpressionShading } from './expression-shading.js';
import { createEyeInterior } from './eye-interior.js';
import { LANDMARK_COUNT } from './face-mesh-constants.js';
import { createFaceMotion } from './face-motion.js';
import { buildMeshTopology, type MeshTopology, orderTrianglesBackToFront } from './mesh-topology.js';
import { createMouthInterior } from './mouth-interior.js';
import { createPiecewiseAffineWarp } from './piecewise-affine-warp.js';
import { createTriangleDepthOrder } from './triangle-depth-order.js';

export const FRAME_RENDERER_DEFAULTS = {
  /**
   * Expression scale: multiplies every AU displacement and wrinkle (not articulation, head pose, gaze
   * or blink, nor the mouth openers and AU43: face-motion.ts `unscaledAus`). 1.3 makes hand-built
   * FACS prototypes at intensities 0.5-1 clearly readable on the example portrait (debug-sheet.ts)
   * without tearing. Stronger is not better: at 1.8 the judge reads more emotions on the neutral
   * eval portraits, but the example portrait's frames fall to a same-person similarity of 0.47
   * (bench/eval/clip-probe.ts --intensity 1.385), under the eval's 0.5.
   * @default 1.3
   */
  intensity: 1.3,
  /**
   * Per-AU display calibration: the channel's value is multiplied by this before rendering (both
   * the geometry and the shading), for AUs whose authored displacement at 1 (FACS E, the maximum)
   * falls short of what a maximal action shows. Channels not named keep 1. The brow lowerer (AU4)
   * and the upper-lid raiser (AU5) at 1 moved too little to read as a frown or a stare at 64 px (the
   * emotion judge's input), the outer brow raiser (AU2) a little too little; raising these three
   * rather than the whole scale is what let anger and fear read without losing the person (see
   * `intensity`). Tuned with bench/eval/clip-probe.ts; checked by `npm run eval`.
   * @default { AU4: 1.35, AU5: 1.35, AU2L: 1.15, AU2R: 1.15 }
   */
  auGain: { AU4: 1.35, AU5: 1.35, AU2L: 1.15, AU2R: 1.15 } as Readonly<Record<string, number>>,
} as const;

export interface FrameRendererOptions {
  /** Expression scale (see FRAME_RENDERER_DEFAULTS.intensity). */
  readonly intensity?: number;
}

export interface FrameRenderer {
  readonly width: number;
  readonly height: number;
  /** Renders one frame (37 values in channel order) into `out` (or a new buffer): RGB, row-major. */
  render(motion: Float32Array, out?: Uint8Array): Uint8Array;
  /** The displaced landmarks for `motion`: 478 x (x, y) image pixels. */
  landmarksFor(motion: Float32Array): Float32Array;
  /** The warp mesh (for previews and tests). */
  readonly topology: MeshTopology;
}

export function createFrameRenderer(
  analysis: Pick<PortraitAnalysis, 'image' | 'landmarks'>,
  options: FrameRendererOptions = {},
): FrameRenderer {
  const intensity = options.intensity ?? FRAME_RENDERER_DEFAULTS.intensity;
  if (!(intensity >= 0 && Number.isFinite(intensity)))
    throw new RangeError(`intensity must be >= 0, got ${intensity}`);
  const { image } = analysis;
  const { width, height } = image;
  const topology = buildMeshTopology(analysis.landmarks, width, height);
  const basis = buildDeformationBasis(topology);
  const motion = createFaceMotion(topology, basis, { intensity });
  // The shading writes the frame's source straight into the warp's (WebAssembly) memory.
  const warp = createPiecewiseAffineWarp(width, height);
  const shading = createExpressionShading(image, topology, { intensity, into: warp.source });
  const eyes = createEyeInterior(image, topology);
  const mouth = createMouthInterior(image, topology);
  const target = new Float32Array(topology.vertexCount * 2);
  // Draw order: far to near; fixed unless the head rotates.
  const restOrder = new Uint32Array(topology.triangles.length);
  orderTrianglesBackToFront(topology, topology.z, restOrder);
  const posedOrder = createTriangleDepthOrder(topology);

  const gains = Object.entries(FRAME_RENDERER_DEFAULTS.auGain).map(([name, g]) => {
    const c = CHANNEL_NAMES.indexOf(name);
    if (c < 0) throw new RangeError(`auGain names an unknown channel "${name}"`);
    return [c, g] as const;
  });
  const calibrated = new Float32Array(CHANNEL_COUNT);
  /** The frame's motion, checked and calibrated (a reused buffer). */
  const calibrate = (m: Float32Array): Float32Array => {
    if (m.length !== CHANNEL_COUNT)
      throw new RangeError(`motion has ${m.length} values, expected ${CHANNEL_COUNT}`);
    calibrated.set(m);
    for (const [c, g] of gains) calibrated[c] = calibrated[c]! * g;
    return calibrated;
  };

  return {
    width,
    height,
    topology,
    render(motionIn, out = new Uint8Array(width * height * 3)) {
      const m = calibrate(motionIn);
      if (out.length !== width * height * 3)
        throw new RangeError(`out must hold ${width * height * 3} bytes`);
      motion.apply(m, target);
      const source = shading.apply(m);
      const order = motion.posed() ? posedOrder.sort(motion.depth) : restOrder;
      warp.warp(topology.base, target, order);
      eyes.draw(warp.target, source, target, motion.gazeShift);
      mouth.draw(warp.target, source, target, motion.headTransform);
      out.set(warp.target);
      return out;
    },
    landmarksFor(motionIn) {
      motion.apply(calibrate(motionIn), target);
      return target.slice(0, LANDMARK_COUNT * 2);
    },
  };
}
