/**
 * A fast look at what the emotion judge says about single apex frames, for tuning the renderer
 * and the reasoner's prototypes between full `npm run eval` runs (which take ~10 minutes).
 *
 * For each portrait x emotion: the facs reasoner's plan for the word, its first segment's AUs put
 * on the motion channels at their planned intensity (x `--scale`), plus a mouth opening as speech
 * would give (`--jaw`), rendered once and judged by human's emotion model.
 *
 *   npx tsx bench/eval/probe.ts [--portraits astronaut,sample3-f0] [--emotions happy,sad]
 *     [--size 256] [--intensity 1.3] [--scale 1] [--jaw 0.3] [--frames /tmp/probe]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { analyzePortrait } from '../../containers/gpu-sampler/src/face/analyze-portrait.js';
import { createFrameRenderer } from '../../containers/gpu-sampler/src/render/render-frame.js';
import { FacsReasoner } from '../../core/facs/facs-reasoner.js';
import { CHANNEL_COUNT, CHANNEL_NAMES, channelIndex } from '../../core/motion/channels.js';
import type { ExpressionPlan } from '../../core/plan/expression-plan.js';
import { createJudge, HUMAN_EMOTIONS } from './judge.js';
import { argmax } from './metrics.js';
import { EVAL_PORTRAITS } from './portraits.js';
import { PROBE_DEFAULTS, PROBE_LABELS } from './probe-words.js';

/** The first segment's AUs on the motion channels (split lateral AUs by side). */
export function apexMotion(plan: ExpressionPlan, scale: number, jaw: number): Float32Array {
  const m = new Float32Array(CHANNEL_COUNT);
  for (const unit of plan.segments[0]?.actionUnits ?? []) {
    const v = Math.min(1, unit.intensity * scale);
    const names = [`AU${unit.au}`, `AU${unit.au}L`, `AU${unit.au}R`].filter((n) => CHANNEL_NAMES.includes(n));
    for (const name of names) {
      const side = name.endsWith('L') ? 'left' : name.endsWith('R') ? 'right' : 'both';
      if (unit.side === 'both' || side === 'both' || unit.side === side) m[channelIndex(name)] = v;
    }
  }
  m[channelIndex('jawOpen')] = jaw;
  return m;
}

const { values } = parseArgs({
  options: {
    portraits: { type: 'string', default: PROBE_DEFAULTS.portraits },
    emotions: { type: 'string', default: PROBE_DEFAULTS.emotions },
    size: { type: 'string', default: '256' },
    intensity: { type: 'string', default: '1.3' },
    scale: { type: 'string', default: '1' },
    jaw: { type: 'string', default: '0.3' },
    frames: { type: 'string' },
    /** Extra channel values added to every render, e.g. "AU24=0.5,lipClose=1". */
    extra: { type: 'string', default: '' },
  },
});
const size = Number(values.size);
const judge = await createJudge();
const reasoner = new FacsReasoner();
if (values.frames) mkdirSync(values.frames, { recursive: true });
let hits = 0;
let total = 0;
for (const word of values.emotions.split(','))
  if (!(word in PROBE_LABELS))
    throw new Error(`unknown emotion "${word}"; known: ${Object.keys(PROBE_LABELS).join(', ')}`);
for (const id of values.portraits.split(',')) {
  const portrait = EVAL_PORTRAITS.find((p) => p.id === id);
  if (!portrait) throw new Error(`unknown portrait ${id}`);
  await judge.restorePipelineConfig();
  const analysis = await analyzePortrait(await portrait.load(), { size, crop: 'face' });
  const renderer = createFrameRenderer(analysis, { intensity: Number(values.intensity) });
  for (const word of values.emotions.split(',')) {
    const plan = await reasoner.reason(word);
    const motion = apexMotion(plan, Number(values.scale), Number(values.jaw));
    for (const pair of values.extra.split(',').filter(Boolean)) {
      const [name, v] = pair.split('=');
      motion[channelIndex(name!)] = Number(v);
    }
    const rgb = renderer.render(motion);
    const j = await judge.judge(rgb, size, size);
    if (values.frames)
      await sharp(rgb, { raw: { width: size, height: size, channels: 3 } })
        .png()
        .toFile(join(values.frames, `${id}-${word}.png`));
    const probs = j
      ? HUMAN_EMOTIONS.map((e) => `${e.slice(0, 4)} ${j.emotion[e].toFixed(2)}`).join(' ')
      : 'no face';
    const top = j ? argmax(j.emotion) : '-';
    const ok = top === PROBE_LABELS[word];
    hits += ok ? 1 : 0;
    total++;
    console.log(`${id.padEnd(14)} ${word.padEnd(10)} -> ${top.padEnd(8)} ${ok ? 'OK  ' : 'miss'} | ${probs}`);
  }
}
console.log(`${hits}/${total}`);
