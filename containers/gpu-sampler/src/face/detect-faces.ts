/**
 * Face detection + 478-point mesh on an RGB image, with human (see human-loader.ts).
 */
import { getHuman } from './human-loader.js';
import type { HumanEmotion, HumanFace } from './human-types.js';
import type { FaceBox, RgbImage } from './portrait.js';

/** MediaPipe face mesh: 468 mesh points + 2 × 5 iris points. */
export const MESH_POINTS = 478;
/** The face outline is the bounding box of the 468 mesh points (the iris points lie inside). */
const OUTLINE_POINTS = 468;

export interface DetectedFace {
  /** 478 × (x, y, z) in the detection image's pixels; x, y sub-pixel, z relative. */
  readonly landmarks: Float32Array;
  /** The tight bounding box of the mesh (forehead to chin, cheek to cheek), sub-pixel. */
  readonly box: FaceBox;
  /** human's face score (mesh confidence), 0..1. */
  readonly score: number;
  readonly emotion: readonly HumanEmotion[] | undefined;
  /** human's face descriptor (1024-d), for identity comparisons. */
  readonly descriptor: Float32Array | undefined;
}

export interface DetectFacesOptions {
  /**
   * Also run human's emotion classifier and face descriptor (`emotion`, `descriptor`): about
   * 130 ms of the ~190 ms a 512 px portrait costs on the wasm backend. Drawing needs neither.
   * @default true
   */
  readonly describe?: boolean;
}

/**
 * human merges a call's config into its shared instance for good (human-loader.ts), so every call
 * here names both switches, and calls run one at a time (the wasm backend runs one anyway): a
 * concurrent call cannot flip a switch under another.
 */
let queue: Promise<unknown> = Promise.resolve();

/** All faces with a full mesh in `image`, largest box area first. */
export async function detectFaces(
  image: RgbImage,
  options: DetectFacesOptions = {},
): Promise<DetectedFace[]> {
  const describe = options.describe ?? true;
  const human = await getHuman();
  const config = { face: { emotion: { enabled: describe }, description: { enabled: describe } } };
  const run = queue.then(async () => {
    const tensor = human.tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    try {
      return (await human.detect(tensor, config)).face;
    } finally {
      tensor.dispose();
    }
  });
  queue = run.catch(() => undefined);
  const faces: readonly HumanFace[] = await run;
  return faces
    .filter((face) => face.mesh.length === MESH_POINTS)
    .map(toDetectedFace)
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}

function toDetectedFace(face: HumanFace): DetectedFace {
  const landmarks = new Float32Array(MESH_POINTS * 3);
  face.mesh.forEach((point, i) => {
    landmarks[3 * i] = point[0] ?? 0;
    landmarks[3 * i + 1] = point[1] ?? 0;
    landmarks[3 * i + 2] = point[2] ?? 0;
  });
  return {
    landmarks,
    box: landmarkBox(landmarks, OUTLINE_POINTS),
    score: face.score,
    emotion: face.emotion,
    descriptor: face.embedding ? Float32Array.from(face.embedding) : undefined,
  };
}

/** The bounding box of the first `count` points of an x,y,z-interleaved array. */
export function landmarkBox(landmarks: Float32Array, count = landmarks.length / 3): FaceBox {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const x = landmarks[3 * i]!;
    const y = landmarks[3 * i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
