/**
 * The real Draw pipeline (containers/gpu-sampler/src/pipeline/run-draw.ts) with its denoiser held
 * at the `at`-th call (counted over every draw) until `release()`: the job then stays in the
 * motion stage, its first steps done and reported, for as long as a test needs to look at it.
 */
import { runDraw as realRunDraw } from '../../containers/gpu-sampler/src/pipeline/run-draw.js';
import type { RunDraw } from '../../containers/gpu-sampler/src/server/draw-runner.js';

export interface HeldDraw {
  readonly runDraw: RunDraw;
  /** Lets the held call (and every later one) through; idempotent. */
  release(): void;
}

export function heldDraw(at: number): HeldDraw {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  const runDraw: RunDraw = (inputs, outDir, deps) =>
    realRunDraw(inputs, outDir, {
      ...deps,
      denoiser: {
        spec: deps.denoiser.spec,
        async denoise(batch) {
          calls += 1;
          if (calls === at) await released;
          return deps.denoiser.denoise(batch);
        },
      },
    });
  return { runDraw, release: () => release() };
}
