/**
 * The analysed portrait: what the renderer needs from the face analysis.
 * Produced by `analyzePortrait` (face/analyze-portrait.ts), consumed by the renderer.
 */

/** An 8-bit RGB image, row-major, 3 bytes per pixel. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PortraitAnalysis {
  /** The frame to animate: the portrait cropped (or not) and resized to the output size. */
  readonly image: RgbImage;
  /**
   * Face-mesh landmarks in `image` pixel coordinates, 478 points (MediaPipe face-mesh topology,
   * 468 mesh + 10 iris), x,y,z interleaved; x and y sub-pixel (never truncated); z in pixels,
   * relative (negative towards the camera).
   */
  readonly landmarks: Float32Array;
  /** The face box in `image` coordinates. */
  readonly box: FaceBox;
  /** The same face box in the source image's pixels (EXIF-upright, before any downscale or crop). */
  readonly sourceBox?: FaceBox;
  /** Faces found in the source image, and which one was used (0 = largest). */
  readonly faceCount: number;
  readonly faceIndex: number;
  /** The source image's size before any downscale or crop. */
  readonly source: { readonly width: number; readonly height: number; readonly format: string };
  /** Non-fatal findings, e.g. "2 faces found; using the largest (index 0)". */
  readonly warnings: readonly string[];
  /** How `image` was made: a square around the face, or the whole image letterboxed. */
  readonly crop?: 'face' | 'full';
  /** The face detector's confidence for the face used, 0..1. */
  readonly score?: number;
  /** human's emotion scores for the source face (highest first), e.g. for the evaluation. */
  readonly emotion?: readonly { readonly emotion: string; readonly score: number }[];
  /** human's face descriptor (1024-d) of the source face, for identity checks on rendered frames. */
  readonly descriptor?: Float32Array;
}
