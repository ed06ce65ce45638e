/**
 * Debug contact sheet: renders a portrait under hand-built FACS prototypes of the basic emotions
 * (plus a few articulation / pose / gaze checks) and tiles the renders into one PNG.
 *
 *   npx tsx containers/gpu-sampler/src/render/debug-sheet.ts [portrait.png] [--out /tmp/sheet.png]
 *     [--size 512] [--intensity 1.3] [--frames /tmp/renders]   (--frames: also one PNG per render)
 *
 * Prototypes after Ekman & Friesen's EMFACS and the FACS Investigator's Guide (one common variant
 * each); intensities 0..1 as the Draw stage would sample them.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp, { type OverlayOptions } from 'sharp';
import { CHANNEL_COUNT, channelIndex } from '../../../../core/motion/channels.js';
import { analyzePortrait } from '../face/analyze-portrait.js';
import { createFrameRenderer } from './render-frame.js';

export const EXPRESSION_PROTOTYPES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  neutral: {},
  happy: { AU6: 0.8, AU12L: 1, AU12R: 1, AU25: 0.4 },
  sad: { AU1: 1, AU4: 0.6, AU15: 1, AU17: 0.5, AU24: 0.4 },
  angry: { AU4: 1, AU5: 0.5, AU7: 0.8, AU23: 0.8, AU24: 0.6, AU9: 0.2 },
  surprised: { AU1: 1, AU2L: 1, AU2R: 1, AU5: 0.8, AU26: 0.9, AU25: 0.6 },
  fearful: { AU1: 1, AU2L: 0.6, AU2R: 0.6, AU4: 0.7, AU5: 1, AU7: 0.3, AU20: 1, AU25: 0.6, AU26: 0.4 },
  disgusted: { AU9: 1, AU10: 0.9, AU15: 0.5, AU17: 0.6, AU4: 0.4, AU7: 0.3 },
  contempt: { AU12L: 0.7, AU14L: 0.8 },
  'jawOpen 1': { jawOpen: 1 },
  'lipRound 1': { lipRound: 1, jawOpen: 0.2 },
  'blink 1': { blink: 1 },
  'yaw +0.3, gaze +1': { headYaw: 0.3, gazeX: 1 },
};

/** A motion vector from channel-name -> value pairs (others 0). */
export function motionFrom(values: Readonly<Record<string, number>>): Float32Array {
  const m = new Float32Array(CHANNEL_COUNT);
  for (const [name, v] of Object.entries(values)) m[channelIndex(name)] = v;
  return m;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: '/tmp/sheet.png' },
      size: { type: 'string', default: '512' },
      intensity: { type: 'string' },
      frames: { type: 'string' },
      tile: { type: 'string', default: '300' },
    },
  });
  const file = positionals[0] ?? 'examples/portrait-astronaut.png';
  const size = Number(values.size);
  const analysis = await analyzePortrait(new Uint8Array(readFileSync(file)), { size, crop: 'face' });
  const renderer = createFrameRenderer(
    analysis,
    values.intensity ? { intensity: Number(values.intensity) } : {},
  );
  const { width, height } = renderer;
  const tile = Number(values.tile);
  const names = Object.keys(EXPRESSION_PROTOTYPES);
  const cols = 4;
  const rows = Math.ceil(names.length / cols);
  const composites: OverlayOptions[] = [];
  if (values.frames) mkdirSync(values.frames, { recursive: true });
  const times: number[] = [];
  for (const [k, name] of names.entries()) {
    const motion = motionFrom(EXPRESSION_PROTOTYPES[name]!);
    renderer.render(motion); // warm-up
    const t0 = performance.now();
    const rgb = renderer.render(motion);
    times.push(performance.now() - t0);
    const raw = { raw: { width, height, channels: 3 as const } };
    if (values.frames)
      await sharp(rgb, raw)
        .png()
        .toFile(join(values.frames, `${name.split(' ')[0]}.png`));
    const png = await sharp(rgb, raw).resize(tile, tile).png().toBuffer();
    const label = Buffer.from(
      `<svg width="${tile}" height="22"><rect width="100%" height="100%" fill="black" opacity="0.6"/>` +
        `<text x="6" y="16" font-family="sans-serif" font-size="15" fill="white">${name}</text></svg>`,
    );
    const left = (k % cols) * tile;
    const top = Math.floor(k / cols) * tile;
    composites.push({ input: png, left, top }, { input: label, left, top });
  }
  await sharp({ create: { width: cols * tile, height: rows * tile, channels: 3, background: '#000' } })
    .composite(composites)
    .png()
    .toFile(values.out);
  times.sort((a, b) => a - b);
  console.log(
    `${values.out}: ${names.length} renders at ${width}x${height}, median ${times[times.length >> 1]!.toFixed(2)} ms/frame`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
