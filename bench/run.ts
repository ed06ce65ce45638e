/**
 * `npm run bench`: one consolidated benchmark report. Medians over several runs (never a single
 * run), written to bench/results.json and as a markdown table to bench/README.md, with the
 * machine it ran on. `npm run bench -- --runs 7 --only motion` narrows it.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { MEASURE_DEFAULTS, type Measurement, peakRssMiB } from './measure.js';
import { benchMotion } from './sections/motion.js';
import { benchThink } from './sections/think.js';

const SECTIONS: Record<string, (runs: number) => Promise<Measurement[]>> = {
  think: benchThink,
  motion: benchMotion,
};

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
};

const results: Record<string, Measurement[]> = {};
for (const name of chosen) {
  process.stderr.write(`bench: ${name} ...\n`);
  results[name] = await SECTIONS[name]!(runs);
  for (const m of results[name]!) process.stderr.write(`  ${m.name}: median ${m.medianMs.toFixed(1)} ms\n`);
}
const report = { machine, runs, peakRssMiB: Math.round(peakRssMiB()), results };
await writeFile(`${values.out}/results.json`, `${JSON.stringify(report, null, 2)}\n`);
await writeFile(`${values.out}/README.md`, markdown(report));
process.stderr.write(`bench: wrote ${values.out}/results.json and ${values.out}/README.md\n`);

function markdown(r: typeof report): string {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${r.machine.date}: ${r.machine.cores} x ${r.machine.cpu}, ` +
      `${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}. ` +
      `Medians of ${r.runs} runs after a warm-up; peak RSS ${r.peakRssMiB} MiB.`,
    '',
    '| section | measurement | median ms | p95 ms | extra |',
    '|---|---|---:|---:|---|',
  ];
  for (const [section, ms] of Object.entries(r.results)) {
    for (const m of ms) {
      const extra = Object.entries(m.extra ?? {})
        .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`)
        .join(', ');
      lines.push(`| ${section} | ${m.name} | ${m.medianMs.toFixed(1)} | ${m.p95Ms.toFixed(1)} | ${extra} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
