/**
 * A fast, video-faithful look at the eval's numbers, for tuning between full `npm run eval` runs.
 *
 * Same inputs and motion as the eval (facs reasoner, example clips, seed 7, `computeMotion`, the
 * renderer at its defaults), but no MP4: the frames are rendered in memory and only the ones the
 * eval would read are judged — every apex frame (metrics.ts) for the emotion, every `--stride`-th
 * frame for the mouth-vs-RMS r, and every `4 x --stride`-th frame for identity. So the numbers are
 * close to, not equal to, the eval's (no H.264, fewer frames): confirm with `npm run eval`.
 *
 *   npx tsx bench/eval/clip-probe.ts [--portraits astronaut,sample3-f0] [--emotions sad,angry]
 *     [--clips news] [--size 256] [--intensity 1] [--stride 2] [--frames /tmp/clip-probe] [--trace]
 *
 * `--intensity` multiplies the renderer's default expression scale (as `tbd generate --intensity`).
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { defaultModelDir, OnnxDenoiser } from '../../containers/gpu-sampler/src/denoiser/index.js';
import { analyzePortrait } from '../../containers/gpu-sampler/src/face/analyze-portrait.js';
import { computeMotion } from '../../containers/gpu-sampler/src/pipeline/compute-motion.js';
import {
  createFrameRenderer,
  FRAME_RENDERER_DEFAULTS,
} from '../../containers/gpu-sampler/src/render/render-frame.js';
import { ACTION_UNITS } from '../../core/facs/action-units.js';
import { FacsReasoner } from '../../core/facs/facs-reasoner.js';
import { channelIndex } from '../../core/motion/channels.js';
import { createJudge, type FrameJudgement, HUMAN_EMOTIONS } from './judge.js';
import { apexFrames, emotionVerdict, pearson, rmsEnvelope } from './metrics.js';
import { EVAL_PORTRAITS } from './portraits.js';
import { PROBE_DEFAULTS, PROBE_LABELS } from './probe-words.js';

/** The eval's seed (bench/eval.ts EVAL_DEFAULTS; that module runs on import). */
const SEED = 7;

const AU_BY_NUMBER = new Map(ACTION_UNITS.map((a) => [a.au, a]));

const { values } = parseArgs({
  options: {
    portraits: { type: 'string', default: PROBE_DEFAULTS.portraits },
    emotions: { type: 'string', default: PROBE_DEFAULTS.emotions },
    clips: { type: 'string', default: 'news' },
    size: { type: 'string', default: '256' },
    intensity: { type: 'string', default: '1' },
    stride: { type: 'string', default: '2' },
    frames: { type: 'string' },
    /**
     * Replace the reasoner's AUs for some words, e.g. "angry:AU4=0.9,AU7=0.5;sad:AU1=0.6,AU15=1"
     * (intensities 0..1, both sides), to try AU sets through the real motion sampler.
     */
    aus: { type: 'string', default: '' },
    /** Channels set to 0 in every frame before rendering, e.g. "jawOpen,headYaw" (to isolate a factor). */
    zero: { type: 'string', default: '' },
    /** Print every apex frame's re-detected mouth opening and class probabilities. */
    trace: { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
const stride = Math.max(1, Number(values.stride));
const judge = await createJudge();
const denoiser = await OnnxDenoiser.create(defaultModelDir());
const reasoner = new FacsReasoner();
if (values.frames) mkdirSync(values.frames, { recursive: true });
const emotions = values.emotions.split(',').map((text) => {
  const label = PROBE_LABELS[text];
  if (!label) throw new Error(`unknown emotion "${text}"; known: ${Object.keys(PROBE_LABELS).join(', ')}`);
  return { text, label };
});
const clips = values.clips.split(',');
const overrides = new Map(
  values.aus
    .split(';')
    .filter(Boolean)
    .map((entry) => {
      const [word, list = ''] = entry.split(':');
      const units = list.split(',').map((pair) => {
        const [name, v] = pair.split('=');
        const au = Number(name?.replace(/^AU/, ''));
        const intensity = Number(v);
        if (!AU_BY_NUMBER.has(au) || !(intensity >= 0 && intensity <= 1))
          throw new Error(`--aus: "${pair}" is not AU<n>=<0..1> with a catalogue AU`);
        return { au, name: AU_BY_NUMBER.get(au)!.name, intensity, side: 'both' as const };
      });
      return [word!, units] as const;
    }),
);
const zeroed = values.zero
  .split(',')
  .filter(Boolean)
  .map((name) => {
    const c = channelIndex(name);
    if (c < 0) throw new Error(`--zero: unknown channel "${name}"`);
    return c;
  });
const audio = new Map<string, Uint8Array>();
for (const clip of clips) audio.set(clip, new Uint8Array(await readFile(`examples/speech-${clip}-16k.wav`)));

let hits = 0;
let total = 0;
let worstSim = 1;
let worstR = 1;
for (const id of values.portraits.split(',')) {
  const portrait = EVAL_PORTRAITS.find((p) => p.id === id);
  if (!portrait) throw new Error(`unknown portrait ${id}`);
  await judge.restorePipelineConfig();
  const analysis = await analyzePortrait(await portrait.load(), { size, crop: 'face' });
  const reference = await judge.judge(analysis.image.data, size, size, { descriptor: true });
  const renderer = createFrameRenderer(analysis, {
    intensity: FRAME_RENDERER_DEFAULTS.intensity * Number(values.intensity),
  });
  for (const emotion of emotions) {
    const reasoned = await reasoner.reason(emotion.text);
    const units = overrides.get(emotion.text);
    const plan = units
      ? { ...reasoned, segments: reasoned.segments.map((seg) => ({ ...seg, actionUnits: units })) }
      : reasoned;
    for (const clip of clips) {
      const { motion, audio: decoded } = await computeMotion({
        audio: audio.get(clip)!,
        audioName: clip,
        plan,
        denoiser,
        options: { seed: SEED },
      });
      const D = motion.channels.length;
      const T = motion.frameCount;
      const rows = Array.from({ length: T }, (_, t) =>
        Array.from(motion.frames.subarray(t * D, (t + 1) * D)),
      );
      const apex = new Set(apexFrames(rows));
      const rms = rmsEnvelope(decoded.samples, 16000, motion.fps, T);
      const apexJudged: FrameJudgement[] = [];
      const mouth: number[] = [];
      const env: number[] = [];
      const sims: number[] = [];
      const frame = new Uint8Array(size * size * 3);
      let saved = false;
      for (let t = 0; t < T; t++) {
        const forLips = t % stride === 0;
        const forId = t % (4 * stride) === 0;
        if (!apex.has(t) && !forLips) continue;
        const row = motion.frames.slice(t * D, (t + 1) * D);
        for (const c of zeroed) row[c] = 0;
        renderer.render(row, frame);
        const j = await judge.judge(frame, size, size, { descriptor: forId });
        if (!j) continue;
        if (apex.has(t)) {
          apexJudged.push(j);
          if (values.trace)
            console.log(
              `    t ${t} mouth ${j.mouth.toFixed(3)} ${HUMAN_EMOTIONS.map((e) => `${e.slice(0, 4)} ${j.emotion[e].toFixed(2)}`).join(' ')}`,
            );
        }
        if (forLips) {
          mouth.push(j.mouth);
          env.push(rms[t]!);
        }
        if (j.descriptor && reference?.descriptor)
          sims.push(judge.similarity(j.descriptor, reference.descriptor));
        if (values.frames && apex.has(t) && !saved) {
          saved = true;
          await sharp(frame, { raw: { width: size, height: size, channels: 3 } })
            .png()
            .toFile(join(values.frames, `${id}-${emotion.text}-${clip}-${t}.png`));
        }
      }
      const verdict = emotionVerdict(apexJudged);
      const top = verdict.top1;
      const ok = top === emotion.label;
      const r = pearson(mouth, env);
      const minSim = sims.length ? Math.min(...sims) : Number.NaN;
      worstSim = Math.min(worstSim, minSim);
      worstR = Math.min(worstR, r);
      hits += ok ? 1 : 0;
      total++;
      const probs = HUMAN_EMOTIONS.map((e) => `${e.slice(0, 4)} ${verdict.mean[e].toFixed(2)}`).join(' ');
      console.log(
        `${id.padEnd(14)} ${emotion.text.padEnd(10)} ${clip.padEnd(8)} -> ${top.padEnd(8)} ${ok ? 'OK  ' : 'miss'} | ${probs} | apex ${apexJudged.length} sim ${minSim.toFixed(2)} r ${r.toFixed(2)}`,
      );
    }
  }
}
console.log(
  `${hits}/${total} · lowest similarity ${worstSim.toFixed(2)} · lowest lip r ${worstR.toFixed(2)}`,
);
