/**
 * Metering periods: calendar months in UTC, named `yyyy-mm`. A job belongs to the month in which
 * it first entered `publishing` (a timestamp the status record keeps across retries), so a publish
 * retried after midnight on the last day of a month is still counted once, in one month.
 */

/** `2026-01` for any instant of January 2026, UTC. */
export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** `[from, to)` of a `yyyy-mm` period, as Dates (UTC). */
export function periodBounds(period: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) throw new RangeError(`${JSON.stringify(period)} is not a yyyy-mm period`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw new RangeError(`${JSON.stringify(period)} has no month ${month}`);
  return { from: new Date(Date.UTC(year, month - 1, 1)), to: new Date(Date.UTC(year, month, 1)) };
}
