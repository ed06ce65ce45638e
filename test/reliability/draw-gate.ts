/**
 * The real Draw pipeline (containers/gpu-sampler/src/pipeline/run-draw.ts), with a gate: a test
 * can hold the next draw until it says so. With one job at a time (the stack's default), a held
 * draw keeps every later job waiting before its Draw stage, which is how a case deletes a medium
 * "while the job runs" at a known point: accepted by ingest, not yet read by the sampler.
 */
import { runDraw as realRunDraw } from '../../containers/gpu-sampler/src/pipeline/run-draw.js';
import type { RunDraw } from '../../containers/gpu-sampler/src/server/draw-runner.js';

export interface HeldDraw {
  /** Resolves once the held draw has started (and waits). */
  readonly started: Promise<void>;
  /** Lets it run. */
  release(): void;
}

export interface DrawGate {
  readonly runDraw: RunDraw;
  /** The next draw to start waits until released. */
  holdNext(): HeldDraw;
}

export function createDrawGate(): DrawGate {
  const holds: { started: () => void; released: Promise<void> }[] = [];
  return {
    runDraw: async (inputs, outDir, deps) => {
      const hold = holds.shift();
      if (hold) {
        hold.started();
        await hold.released;
      }
      return realRunDraw(inputs, outDir, deps);
    },
    holdNext() {
      let markStarted!: () => void;
      let release!: () => void;
      const started = new Promise<void>((resolve) => {
        markStarted = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ started: markStarted, released });
      return { started, release };
    },
  };
}
