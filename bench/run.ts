/**
 * `npm run bench`: one consolidated benchmark report. Medians over several runs (never a single
 * run), written to bench/results.json and as a markdown table to bench/README.md, with the
 * machine it ran on. `npm run bench -- --runs 7 --only motion` narrows it.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { MEASURE_DEFAULTS, type Measurement, peakRssMiB } from './measure.js';
import { benchCli } from './sections/cli.js';
import { benchEncode } from './sections/encode.js';
import { benchEndToEnd } from './sections/end-to-end.js';
import { benchFace } from './sections/face.js';
import { benchMotion } from './sections/motion.js';
import { benchRender } from './sections/render.js';
import { benchThink } from './sections/think.js';

type Section = (runs: number) => Promise<Measurement[]>;

/** How to read the table (appended to the generated README). */
const NOTES = [
  '## Reading the figures',
  '',
  '- The cores are shared with other work: wall times move with the load average quoted above. ' +
    '`cpuMsPerFrame` (render) and `nodeCpuMs` + `ffmpegCpuMs` (e2e: this process with all its threads, ' +
    'and ffmpeg) are the CPU a frame or a clip costs, which the load inflates much less.',
  '- End to end, `renderMs` is rendering on the main thread; `encodeMs` the rest of the render + encode ' +
    'stage, of which `writeWaitMs` is waiting for ffmpeg to take frames (it falls behind when the cores ' +
    'are busy); `previewMs` (the preview sheet) runs while ffmpeg finishes the file (`finishMs`).',
  '- The renderer gives the bytes of its plain JavaScript version (test/containers/render): the inner ' +
    'loop of the warp runs in WebAssembly (render/warp-span-kernel.ts), the shading touches only where ' +
    'its maps are non-zero, and the triangle depth order is kept from frame to frame.',
];

const SECTIONS: Record<string, Section> = {
  think: benchThink,
  cli: benchCli,
  motion: benchMotion,
  face: benchFace,
  render: benchRender,
  encode: benchEncode,
  e2e: benchEndToEnd,
};

/** Sections other work may add later: registered when their file exists and exports the function. */
const OPTIONAL_SECTIONS = [{ name: 'preview', file: './sections/preview.ts', exportName: 'benchPreview' }];
for (const { name, file, exportName } of OPTIONAL_SECTIONS) {
  if (!existsSync(new URL(file, import.meta.url))) continue;
  const mod = (await import(file.replace(/\.ts$/, '.js'))) as Record<string, unknown>;
  const section = mod[exportName];
  if (typeof section === 'function') SECTIONS[name] = section as Section;
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: String(MEASURE_DEFAULTS.runs) },
    only: { type: 'string' },
    out: { type: 'string', default: 'bench' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs takes a positive integer, got ${values.runs}`);
const chosen = values.only ? values.only.split(',') : Object.keys(SECTIONS);
for (const name of chosen) {
  if (!SECTIONS[name])
    throw new Error(`unknown section "${name}"; known: ${Object.keys(SECTIONS).join(', ')}`);
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  date: new Date().toISOString(),
  /** 1, 5 and 15 minute load averages when the benchmark started (the cores may be shared). */
  loadAvgStart: loadavg().map((l) => Math.round(l * 100) / 100),
  loadAvgEnd: [] as number[],
};

/** When and under what load each section was measured (`--only` keeps the others' earlier figures). */
interface SectionRun {
  readonly date: string;
  readonly loadAvgStart: number[];
  readonly loadAvgEnd: number[];
}

const fresh: Record<string, Measurement[]> = {};
for (const name of chosen) {
  process.stderr.write(`bench: ${name} ...\n`);
  fresh[name] = await SECTIONS[name]!(runs);
  for (const m of fresh[name]!) process.stderr.write(`  ${m.name}: median ${m.medianMs.toFixed(1)} ms\n`);
}
machine.loadAvgEnd = loadavg().map((l) => Math.round(l * 100) / 100);
const earlier = values.only ? await readEarlier(`${values.out}/results.json`) : undefined;
const results: Record<string, Measurement[]> = {};
const sections: Record<string, SectionRun> = {};
for (const name of [...Object.keys(SECTIONS), ...Object.keys(earlier?.results ?? {})]) {
  if (results[name]) continue;
  if (fresh[name]) {
    results[name] = fresh[name]!;
    sections[name] = {
      date: machine.date,
      loadAvgStart: machine.loadAvgStart,
      loadAvgEnd: machine.loadAvgEnd,
    };
  } else if (earlier?.results[name]) {
    results[name] = earlier.results[name]!;
    sections[name] = earlier.sections?.[name] ?? {
      date: earlier.machine.date,
      loadAvgStart: earlier.machine.loadAvgStart,
      loadAvgEnd: earlier.machine.loadAvgEnd,
    };
  }
}
const report = { machine, runs, peakRssMiB: Math.round(peakRssMiB()), sections, results };
await writeFile(`${values.out}/results.json`, `${JSON.stringify(report, null, 2)}\n`);
await writeFile(`${values.out}/README.md`, markdown(report));
process.stderr.write(`bench: wrote ${values.out}/results.json and ${values.out}/README.md\n`);

/** A line naming the sections this run did not measure (kept from an earlier run), if any. */
function keptSections(r: typeof report): string[] {
  const kept = Object.entries(r.sections).filter(([, run]) => run.date !== r.machine.date);
  if (kept.length === 0) return [];
  const list = kept
    .map(([name, run]) => `${name} (${run.date}, load ${run.loadAvgStart.join(' / ')})`)
    .join('; ');
  return [`Not re-measured by this run (\`--only\`), figures from earlier runs: ${list}.`, ''];
}

/** The previous report, whose sections `--only` leaves as they were. */
async function readEarlier(path: string): Promise<
  | {
      machine: { date: string; loadAvgStart: number[]; loadAvgEnd: number[] };
      sections?: Record<string, SectionRun>;
      results: Record<string, Measurement[]>;
    }
  | undefined
> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function markdown(r: typeof report): string {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${r.machine.date}: ${r.machine.cores} x ${r.machine.cpu}, ` +
      `${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}, ` +
      `load average ${r.machine.loadAvgStart.join(' / ')} at the start and ` +
      `${r.machine.loadAvgEnd.join(' / ')} at the end (1 / 5 / 15 min; the cores are shared). ` +
      `Medians of ${r.runs} runs (or the runs column) after a warm-up; peak RSS of the bench ` +
      `process ${r.peakRssMiB} MiB (end-to-end rows: each clip length's own process).`,
    '',
    ...keptSections(r),
    '| section | measurement | runs | median ms | p95 ms | extra |',
    '|---|---|---:|---:|---:|---|',
  ];
  for (const [section, ms] of Object.entries(r.results)) {
    for (const m of ms) {
      const extra = Object.entries(m.extra ?? {})
        .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`)
        .join(', ');
      lines.push(
        `| ${section} | ${m.name} | ${m.runs} | ${m.medianMs.toFixed(1)} | ${m.p95Ms.toFixed(1)} | ${extra} |`,
      );
    }
  }
  lines.push('', ...NOTES);
  return `${lines.join('\n')}\n`;
}
