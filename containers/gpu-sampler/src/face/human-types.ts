/**
 * The parts of `@vladmandic/human` 3.x results this project reads (human's own typings pull in
 * DOM types, so we describe the shapes we rely on instead).
 */

/** [x, y, z?] in pixels of the detection input. */
export type HumanPoint = readonly number[];

export interface HumanEmotion {
  readonly score: number;
  readonly emotion: string;
}

export interface HumanFace {
  readonly id: number;
  /** Overall score (mesh confidence when the mesh ran). */
  readonly score: number;
  readonly boxScore: number;
  readonly faceScore: number;
  /** [x, y, width, height] in pixels (whole pixels, clamped to the input). */
  readonly box: readonly [number, number, number, number];
  readonly boxRaw: readonly [number, number, number, number];
  /** 478 points with the sub-pixel patch (human-mesh-patch.ts); z in pixels. */
  readonly mesh: readonly HumanPoint[];
  readonly meshRaw: readonly HumanPoint[];
  readonly age?: number;
  readonly gender?: string;
  readonly genderScore?: number;
  readonly emotion?: readonly HumanEmotion[];
  /** The face descriptor (1024 values with human's faceres model). */
  readonly embedding?: readonly number[];
  readonly rotation?: {
    readonly angle: { readonly roll: number; readonly yaw: number; readonly pitch: number };
  } | null;
}
