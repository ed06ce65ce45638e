/**
 * A 0..1 value as a horizontal bar with eighth-block resolution: "█████▍    ".
 */

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

export const BAR_DEFAULTS = {
  /** Bar width in terminal cells. @default 10 */
  width: 10,
} as const;

export function intensityBar(value: number, width: number = BAR_DEFAULTS.width): string {
  const clamped = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  const eighths = Math.round(clamped * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = EIGHTHS[eighths % 8] ?? '';
  const bar = '█'.repeat(full) + partial;
  return bar + ' '.repeat(width - full - (partial ? 1 : 0));
}
