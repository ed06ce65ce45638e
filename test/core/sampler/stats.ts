/** Sample moments for statistical assertions. */
export function moments(values: ArrayLike<number>): { mean: number; variance: number; n: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] as number) - mean) ** 2;
  return { mean, variance: ss / (n - 1), n };
}

export function rms(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ss = 0;
  for (let i = 0; i < a.length; i++) ss += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(ss / a.length);
}
