/**
 * The port of `POST /v1/preview`: portrait bytes + plan -> a PNG still of the expression. The
 * renderer lives with the Draw stage (containers/gpu-sampler/src/pipeline/render-preview.ts,
 * whose `PreviewRenderer` fits this port); `tbd serve` plugs it in (local/api/mount-api.ts), and
 * so does the route's Lambda in AWS (functions/api/preview-handler.ts, a container image). A host
 * without one answers 501 (the zip bundle of functions/api/handler.ts carries no renderer).
 *
 * A renderer signals unusable input by the error's `name` (no face, an unreadable image): see
 * PREVIEW_INPUT_ERRORS.
 */
import type { ExpressionPlan } from '../../core/plan/expression-plan.js';

export interface PreviewerInput {
  readonly portrait: Uint8Array;
  /** Undefined: the neutral face. */
  readonly plan?: ExpressionPlan;
  readonly intensity?: number;
  readonly segment?: number;
  readonly size?: number;
  readonly crop?: 'face' | 'full';
}

export interface PreviewerBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PreviewerOutput {
  readonly png: Uint8Array;
  /** The face box in the portrait's pixels. */
  readonly sourceBox: PreviewerBox;
  readonly source: { readonly width: number; readonly height: number };
  /** The segment shown; -1 for the neutral face. */
  readonly segment: number;
  readonly cache: 'hit' | 'miss';
  /** Milliseconds per stage, e.g. { analysisMs, rendererMs, renderMs, encodeMs }. */
  readonly timings: Readonly<Record<string, number>>;
}

export interface Previewer {
  render(input: PreviewerInput): Promise<PreviewerOutput>;
}

/** Error names of a renderer that mean "this portrait cannot be used" (the face module's). */
export const PREVIEW_INPUT_ERRORS: ReadonlySet<string> = new Set([
  'PortraitError',
  'UnsupportedImageError',
  'CorruptImageError',
  'ImageTooLargeError',
  'NoFaceError',
  'FaceTooSmallError',
  'FaceIndexError',
]);
