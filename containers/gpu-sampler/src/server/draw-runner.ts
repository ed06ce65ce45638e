/**
 * The port the server drives: the Draw pipeline as one function (containers/gpu-sampler/src/
 * pipeline/run-draw.ts in the container, a fake in the server's unit tests). The server never
 * looks inside; it hands over the input bytes and a scratch directory, and publishes the files
 * whose paths come back.
 */
import type { Denoiser } from '../../../../core/contracts/denoiser-model.js';
import type { DrawOptions } from '../../../../core/contracts/draw-request.js';
import type { ExpressionPlan } from '../../../../core/plan/expression-plan.js';

export interface DrawInputs {
  readonly portrait: Uint8Array;
  /** The portrait's file name, for messages. */
  readonly portraitName?: string;
  readonly audio: Uint8Array;
  readonly audioName?: string;
  readonly plan: ExpressionPlan;
  readonly options?: DrawOptions;
}

export interface DrawOutputs {
  readonly videoPath: string;
  readonly previewPath: string;
  readonly motionPath: string;
  readonly durationSec: number;
  readonly frames: number;
  readonly fps: number;
  readonly seed: number;
  readonly modelId: string;
  /** Milliseconds per stage. */
  readonly timings: Record<string, number>;
  /** Non-fatal findings of the stages (e.g. "2 faces found; using the largest"). */
  readonly warnings?: readonly string[];
}

export interface DrawDeps {
  readonly denoiser: Denoiser;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
  /** Fires on timeout, hang-up or shutdown: stop soon, write nothing more. */
  readonly signal?: AbortSignal;
}

/**
 * Draws one job into `outDir`. Bad input raises errors extending AudioError, PortraitError or
 * PlanError (mapped to 4xx); anything else is a fault (5xx).
 */
export type RunDraw = (inputs: DrawInputs, outDir: string, deps: DrawDeps) => Promise<DrawOutputs>;
