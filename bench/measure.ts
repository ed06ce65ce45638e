/**
 * Benchmark measurement: run a task several times, report medians (never a single run) and the
 * process's peak resident memory. Benchmarks live here, not in timed unit tests.
 */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly name: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Extra figures a section computes from the median (e.g. real-time factor). */
  readonly extra?: Readonly<Record<string, number>>;
}

export const MEASURE_DEFAULTS = {
  /** @default 5 — the issues ask for medians over at least 5 runs. */
  runs: 5,
  /** @default 1 — un-timed warm-up runs (JIT, session creation, caches). */
  warmup: 1,
} as const;

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export async function measure(
  name: string,
  task: () => Promise<unknown> | unknown,
  options: { runs?: number; warmup?: number } = {},
): Promise<Measurement> {
  const runs = options.runs ?? MEASURE_DEFAULTS.runs;
  const warmup = options.warmup ?? MEASURE_DEFAULTS.warmup;
  for (let i = 0; i < warmup; i++) await task();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await task();
    times.push(performance.now() - t0);
  }
  return {
    name,
    runs,
    medianMs: median(times),
    p95Ms: quantile(times, 0.95),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
  };
}

/** Peak resident set size of this process so far, in MiB (Linux: ru_maxrss is in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
