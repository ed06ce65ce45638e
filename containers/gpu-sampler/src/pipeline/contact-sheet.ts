/**
 * A contact sheet: frames side by side in a grid, each with a small time label, as one PNG.
 * Composed with sharp from raw RGB buffers (labels are SVG text rendered by sharp's librsvg).
 */
import { rename } from 'node:fs/promises';
import sharp from 'sharp';

export const CONTACT_SHEET_DEFAULTS = {
  /** Frames per row. @default 4 */
  columns: 4,
  /** Width of each tile in the sheet, px (frames are downscaled). @default 256 */
  tileWidth: 256,
} as const;

export async function writeContactSheet(
  path: string,
  frames: readonly Uint8Array[],
  width: number,
  height: number,
  options: { labels?: readonly string[]; columns?: number; tileWidth?: number } = {},
): Promise<void> {
  if (frames.length === 0) throw new RangeError('a contact sheet needs at least one frame');
  const columns = Math.min(options.columns ?? CONTACT_SHEET_DEFAULTS.columns, frames.length);
  const tileW = Math.min(options.tileWidth ?? CONTACT_SHEET_DEFAULTS.tileWidth, width);
  const tileH = Math.round((height * tileW) / width);
  const rows = Math.ceil(frames.length / columns);
  // Tiles stay raw (no PNG per tile) and every label goes into one SVG over the sheet: one PNG encode.
  const tiles = await Promise.all(
    frames.map(async (rgb, i) => ({
      input: await sharp(rgb, { raw: { width, height, channels: 3 } })
        .resize(tileW, tileH)
        .raw()
        .toBuffer(),
      raw: { width: tileW, height: tileH, channels: 3 as const },
      left: (i % columns) * tileW,
      top: Math.floor(i / columns) * tileH,
    })),
  );
  const labels = (options.labels ?? [])
    .slice(0, frames.length)
    .map((label, i) => {
      const [x, y] = [(i % columns) * tileW, Math.floor(i / columns) * tileH];
      return (
        `<rect x="${x + 4}" y="${y + 4}" width="${8 * label.length + 10}" height="20" rx="3" fill="black" fill-opacity="0.55"/>` +
        `<text x="${x + 9}" y="${y + 19}" font-family="sans-serif" font-size="14" fill="white">${escapeXml(label)}</text>`
      );
    })
    .join('');
  const [sheetW, sheetH] = [columns * tileW, rows * tileH];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sheetW}" height="${sheetH}">${labels}</svg>`;
  const partial = `${path}.partial-${process.pid}`;
  await sharp({ create: { width: sheetW, height: sheetH, channels: 3, background: '#000' } })
    .composite([...tiles, { input: Buffer.from(svg), top: 0, left: 0 }])
    .png()
    .toFile(partial);
  await rename(partial, path);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
