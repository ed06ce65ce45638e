/**
 * What the emotion judge can see: every AU channel alone (both sides together for the lateral
 * ones), rendered on each eval portrait at `--value` and the renderer's intensity, then judged.
 * Prints, per AU, the judge's seven class probabilities on each portrait, and a summary: the largest
 * P(disgust) of any frame, and each portrait's smallest P(happy) (how firmly the judge holds on to
 * a portrait's own expression).
 *
 * It answers "is the judge able to say X on this face at all" before any tuning, e.g. it shows that
 * no single AU takes the smiling example below P(happy) 0.6 and that no frame reaches P(disgust)
 * 0.05 (bench/eval/README.md).
 *
 *   npx tsx bench/eval/au-scan.ts [--portraits astronaut,sample3-f0] [--intensity 1.3] [--value 1]
 *     [--jaw 0] [--base AU15=0.5,AU17=0.3]
 */
import { parseArgs } from 'node:util';
import { analyzePortrait } from '../../containers/gpu-sampler/src/face/analyze-portrait.js';
import {
  createFrameRenderer,
  FRAME_RENDERER_DEFAULTS,
} from '../../containers/gpu-sampler/src/render/render-frame.js';
import { CHANNEL_COUNT, CHANNEL_NAMES, channelIndex } from '../../core/motion/channels.js';
import { createJudge, HUMAN_EMOTIONS, type HumanEmotionLabel } from './judge.js';
import { EVAL_PORTRAITS } from './portraits.js';

const { values } = parseArgs({
  options: {
    portraits: { type: 'string', default: 'astronaut,sample3-f0,facedetect-f3' },
    size: { type: 'string', default: '256' },
    intensity: { type: 'string', default: String(FRAME_RENDERER_DEFAULTS.intensity) },
    value: { type: 'string', default: '1' },
    jaw: { type: 'string', default: '0' },
    /** Channel values under every render, e.g. "AU15=0.5,AU17=0.3". */
    base: { type: 'string', default: '' },
  },
});
const size = Number(values.size);
const value = Number(values.value);
const base = values.base
  .split(',')
  .filter(Boolean)
  .map((pair) => {
    const [name, v] = pair.split('=');
    if (!name || !CHANNEL_NAMES.includes(name) || !Number.isFinite(Number(v)))
      throw new Error(`--base: "${pair}" is not <channel>=<number>; channels: ${CHANNEL_NAMES.join(', ')}`);
    return [channelIndex(name), Number(v)] as const;
  });
const portraits = values.portraits.split(',').map((id) => {
  const p = EVAL_PORTRAITS.find((q) => q.id === id);
  if (!p) throw new Error(`unknown portrait "${id}"; known: ${EVAL_PORTRAITS.map((q) => q.id).join(', ')}`);
  return p;
});
// One row per AU; a lateral pair (AU2L/AU2R) is one row, both sides on.
const rows = ['none', ...CHANNEL_NAMES.filter((n) => /^AU\d+L?$/.test(n)).map((n) => n.replace(/L$/, ''))];
const channelsOf = (row: string) =>
  row === 'none' ? [] : CHANNEL_NAMES.filter((n) => n === row || n === `${row}L` || n === `${row}R`);

const judge = await createJudge();
const table = new Map<string, Record<HumanEmotionLabel, number>[]>();
for (const portrait of portraits) {
  await judge.restorePipelineConfig();
  const analysis = await analyzePortrait(await portrait.load(), { size, crop: 'face' });
  const renderer = createFrameRenderer(analysis, { intensity: Number(values.intensity) });
  for (const row of rows) {
    const motion = new Float32Array(CHANNEL_COUNT);
    motion[channelIndex('jawOpen')] = Number(values.jaw);
    for (const [c, v] of base) motion[c] = v;
    for (const name of channelsOf(row)) motion[channelIndex(name)] = value;
    const j = await judge.judge(renderer.render(motion), size, size);
    const p =
      j?.emotion ??
      (Object.fromEntries(HUMAN_EMOTIONS.map((e) => [e, 0])) as Record<HumanEmotionLabel, number>);
    table.set(row, [...(table.get(row) ?? []), p]);
  }
}

const ids = portraits.map((p) => p.id);
console.log(
  `AU scan at value ${value}, renderer intensity ${values.intensity}, jaw ${values.jaw}${values.base ? `, base ${values.base}` : ''}`,
);
console.log(`per class: ${ids.join(' / ')}`);
console.log(`${'AU'.padEnd(6)}${HUMAN_EMOTIONS.map((e) => e.padEnd(3 + 5 * ids.length)).join('')}`);
for (const [row, ps] of table) {
  const cells = HUMAN_EMOTIONS.map((e) =>
    ps
      .map((p) => p[e].toFixed(2))
      .join(' ')
      .padEnd(3 + 5 * ids.length),
  );
  console.log(`${row.padEnd(6)}${cells.join('')}`);
}
const all = [...table.values()];
const maxDisgust = Math.max(...all.flatMap((ps) => ps.map((p) => p.disgust)));
console.log(`largest P(disgust) over every render: ${maxDisgust.toFixed(2)}`);
ids.forEach((id, k) => {
  const happy = all.map((ps) => ps[k]!.happy);
  const top = (e: HumanEmotionLabel) =>
    all.filter((ps) => HUMAN_EMOTIONS.every((f) => ps[k]![f] <= ps[k]![e])).length;
  console.log(
    `${id}: smallest P(happy) ${Math.min(...happy).toFixed(2)}; top-1 counts over ${all.length} renders: ${HUMAN_EMOTIONS.map((e) => `${e} ${top(e)}`).join(', ')}`,
  );
});
