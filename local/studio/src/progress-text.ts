/**
 * The words for a drawing job's progress (GET /v1/jobs/{id} `progress`): "rendering frame 120 of
 * 250", and the fraction a progress bar shows. No DOM here, so it is tested without a browser.
 */
import type { JobProgressView } from '../../../core/contracts/api.js';

/** Stages the sampler counts (done of total), in words. */
const COUNTED: Readonly<Record<string, (done: number, total: number) => string>> = {
  motion: (done, total) => `sampling the motion: step ${done} of ${total}`,
  render: (done, total) => `rendering frame ${done} of ${total}`,
};

/** Stages it does not count. */
const UNCOUNTED: Readonly<Record<string, string>> = {
  fetch: 'reading the portrait and the speech',
  queue: 'waiting for the sampler',
};

/**
 * "rendering frame 120 of 250", "sampling the motion: step 3 of 25", "waiting for the sampler";
 * a stage this page does not know yet shows its own name (and its count, if it has one).
 */
export function progressText(progress: Pick<JobProgressView, 'stage' | 'done' | 'total'>): string {
  const { stage, done, total } = progress;
  if (total <= 0) return UNCOUNTED[stage] ?? stage;
  return COUNTED[stage]?.(done, total) ?? `${stage}: ${done} of ${total}`;
}

/** Done / total in [0, 1], or undefined when the stage is not counted (an indeterminate bar). */
export function progressFraction(progress: Pick<JobProgressView, 'done' | 'total'>): number | undefined {
  if (progress.total <= 0) return undefined;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}
