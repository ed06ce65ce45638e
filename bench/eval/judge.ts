/**
 * The judges: `@vladmandic/human`'s models, which this project does not train, run on one RGB frame.
 *
 * - emotion: human's emotion classifier (Oarriaga's mini-Xception on a 64x64 grayscale face crop),
 *   seven classes: angry, disgust, fear, happy, sad, surprise, neutral. There is no contempt class.
 * - descriptor: human's faceres embedding (1024-d), compared with `human.match.similarity`, whose
 *   documentation says "similarity above 0.5 can be considered a match" (match.ts / human.d.ts,
 *   defaults order 2, multiplier 25, normalised to 0.2..0.8): `SAME_PERSON_THRESHOLD`.
 * - landmarks: the re-detected 468-point mesh (never the renderer's own landmarks; the iris model is
 *   off, as no iris point is scored).
 *
 * Caching is off for every call (`cacheSensitivity: 0` -> human's `skipAllowed` is false, so no
 * model reuses a previous frame's result); the emotion threshold is 0 so all seven scores come back.
 * The descriptor costs ~140 ms a frame on the wasm backend (mesh + emotion ~50 ms), so it is asked
 * for per call. human merges a call's config into its instance for good (human-loader.ts), so every
 * call passes the full set of switches it depends on, and `restorePipelineConfig` puts the
 * pipeline's configuration back before the pipeline detects again in this process.
 */
import {
  getHuman,
  HUMAN_DEFAULTS,
  type HumanInstance,
} from '../../containers/gpu-sampler/src/face/human-loader.js';
import type { HumanFace } from '../../containers/gpu-sampler/src/face/human-types.js';

/** human's documented same-person similarity threshold (see the module comment). */
export const SAME_PERSON_THRESHOLD = 0.5;

export const HUMAN_EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;
export type HumanEmotionLabel = (typeof HUMAN_EMOTIONS)[number];

/** Mesh indices (MediaPipe face mesh). */
export const MESH = {
  upperLipInner: 13,
  lowerLipInner: 14,
  forehead: 10,
  chin: 152,
  lipCornerL: 291,
  lipCornerR: 61,
} as const;

export interface FrameJudgement {
  /** Probability per class (human truncates to 2 decimals and caps at 0.99). */
  readonly emotion: Readonly<Record<HumanEmotionLabel, number>>;
  /** Inner-lip gap (13 -> 14, along the face's down axis) / face height (10 -> 152), re-detected. */
  readonly mouth: number;
  /** x, y per mesh point (468 x 2 with the iris model off), frame pixels. */
  readonly mesh: Float32Array;
  readonly descriptor?: readonly number[];
}

interface HumanWithMatch extends HumanInstance {
  readonly match: { similarity(a: readonly number[], b: readonly number[]): number };
}

export interface Judge {
  /** One frame; undefined when no face is found. */
  judge(
    rgb: Uint8Array,
    width: number,
    height: number,
    options?: { descriptor?: boolean },
  ): Promise<FrameJudgement | undefined>;
  similarity(a: readonly number[], b: readonly number[]): number;
  restorePipelineConfig(): Promise<void>;
}

const judgeConfig = (descriptor: boolean) => ({
  cacheSensitivity: 0,
  skipAllowed: false,
  face: {
    ...HUMAN_DEFAULTS.face,
    detector: { ...HUMAN_DEFAULTS.face.detector, maxDetected: 1 },
    // The iris refinement moves only the 10 iris points (none of them is scored): ~10 ms a frame saved.
    iris: { enabled: false },
    emotion: { enabled: true, minConfidence: 0 },
    description: { enabled: descriptor },
  },
});

export async function createJudge(): Promise<Judge> {
  const human = (await getHuman()) as HumanWithMatch;
  const detect = async (rgb: Uint8Array, width: number, height: number, config: Record<string, unknown>) => {
    const tensor = human.tf.tensor3d(rgb, [height, width, 3], 'int32');
    try {
      return (await human.detect(tensor, config)).face;
    } finally {
      tensor.dispose();
    }
  };
  return {
    async judge(rgb, width, height, options = {}) {
      const faces = await detect(rgb, width, height, judgeConfig(options.descriptor ?? false));
      const face = faces[0];
      return face && face.mesh.length >= 468 ? toJudgement(face, options.descriptor ?? false) : undefined;
    },
    similarity: (a, b) => human.match.similarity(a, b),
    async restorePipelineConfig() {
      const blank = new Uint8Array(64 * 64 * 3);
      await detect(blank, 64, 64, {
        face: { ...HUMAN_DEFAULTS.face, emotion: { enabled: true, minConfidence: 0.1 } },
      });
    },
  };
}

/**
 * `withDescriptor`: keep the embedding only when this call asked for one. With the description model
 * off, human still hands back an embedding from an earlier call (the portrait's, as measured: a
 * similarity of exactly 1), which would count as a perfect match.
 */
function toJudgement(face: HumanFace, withDescriptor: boolean): FrameJudgement {
  const emotion = Object.fromEntries(HUMAN_EMOTIONS.map((e) => [e, 0])) as Record<HumanEmotionLabel, number>;
  for (const { emotion: label, score } of face.emotion ?? []) {
    if (label in emotion) emotion[label as HumanEmotionLabel] = score;
  }
  const mesh = new Float32Array(face.mesh.length * 2);
  face.mesh.forEach((p, i) => {
    mesh[2 * i] = p[0] ?? 0;
    mesh[2 * i + 1] = p[1] ?? 0;
  });
  // The lip gap along the face's own down axis (forehead -> chin), so roll does not matter and
  // pressed lips that cross give <= 0.
  const dx = mesh[2 * MESH.chin]! - mesh[2 * MESH.forehead]!;
  const dy = mesh[2 * MESH.chin + 1]! - mesh[2 * MESH.forehead + 1]!;
  const height = Math.hypot(dx, dy);
  const gapX = mesh[2 * MESH.lowerLipInner]! - mesh[2 * MESH.upperLipInner]!;
  const gapY = mesh[2 * MESH.lowerLipInner + 1]! - mesh[2 * MESH.upperLipInner + 1]!;
  const mouth = (gapX * dx + gapY * dy) / (height * height);
  return {
    emotion,
    mouth,
    mesh,
    ...(withDescriptor && face.embedding ? { descriptor: face.embedding } : {}),
  };
}
