/**
 * A chart of the AU curves over time (`tbd generate --plot`): one line per AU channel that moves,
 * plus the jaw opening, as an SVG rendered to PNG by sharp (librsvg ships inside sharp).
 */
import { rename } from 'node:fs/promises';
import sharp from 'sharp';

export const AU_PLOT_DEFAULTS = {
  /** @default 960 */
  width: 960,
  /** @default 420 */
  height: 420,
  /** Channels whose peak stays below this are left out. @default 0.05 */
  minPeak: 0.05,
} as const;

const PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#46a0a0',
  '#f032e6',
  '#808000',
  '#9a6324',
  '#000075',
  '#800000',
  '#469990',
];

export interface MotionCurves {
  readonly fps: number;
  readonly channels: readonly string[];
  readonly frames: readonly (readonly number[])[];
}

export function auPlotSvg(motion: MotionCurves, options: { width?: number; height?: number } = {}): string {
  const W = options.width ?? AU_PLOT_DEFAULTS.width;
  const H = options.height ?? AU_PLOT_DEFAULTS.height;
  const pad = { left: 44, right: 120, top: 16, bottom: 34 };
  const T = motion.frames.length;
  const seconds = T / motion.fps;
  const x = (t: number) => pad.left + (t / Math.max(1, T - 1)) * (W - pad.left - pad.right);
  const y = (v: number) => H - pad.bottom - Math.max(0, Math.min(1, v)) * (H - pad.top - pad.bottom);
  const shown = motion.channels
    .map((name, d) => ({ name, d, peak: Math.max(...motion.frames.map((row) => row[d] ?? 0)) }))
    .filter((c) => (c.name.startsWith('AU') || c.name === 'jawOpen') && c.peak >= AU_PLOT_DEFAULTS.minPeak)
    .sort((a, b) => b.peak - a.peak)
    .slice(0, PALETTE.length);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${pad.left}" x2="${W - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${v}</text>`);
  }
  const tickStep = seconds > 20 ? 5 : 1;
  for (let s = 0; s <= seconds + 1e-9; s += tickStep) {
    const px = x(s * motion.fps);
    parts.push(`<text x="${px}" y="${H - pad.bottom + 16}" text-anchor="middle" fill="#555">${s}s</text>`);
  }
  shown.forEach((c, k) => {
    const color = PALETTE[k % PALETTE.length];
    const points = motion.frames
      .map((row, t) => `${x(t).toFixed(1)},${y(row[c.d] ?? 0).toFixed(1)}`)
      .join(' ');
    const dash = c.name === 'jawOpen' ? ' stroke-dasharray="4 3"' : '';
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.6"${dash}/>`);
    parts.push(
      `<text x="${W - pad.right + 10}" y="${pad.top + 14 * (k + 1)}" fill="${color}">${c.name}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

export async function writeAuPlot(path: string, motion: MotionCurves): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  await sharp(Buffer.from(auPlotSvg(motion)))
    .png()
    .toFile(partial);
  await rename(partial, path);
}
