/**
 * Figures of a load run (load-run.ts): throughput and per-stage p50/p95 latencies, printed as a
 * small table, and for `npm run test:load` written to bench/load-results.json and bench/LOAD.md.
 *
 * Where each stage's time comes from (same process, same clock):
 *   create, upload, start   the client's own measure of its HTTP calls: the product records no
 *                           upload time (the API record has only createdAt and started.at)
 *   ingest                  API record started.at -> status.json timestamps.queued
 *   wait                    status.json timestamps.thinking (written by ingest when it starts the
 *                           execution) -> the stack's `job thinking` line (Think entered; the one
 *                           execution slot was free). No record holds this moment
 *   think                   `job thinking` line -> timestamps.drawing
 *   draw, publish           timestamps.drawing -> publishing -> succeeded
 *   execution               `job thinking` line -> timestamps.succeeded (think + draw + publish)
 *   end-to-end              API record createdAt -> timestamps.succeeded
 */
import { writeFile } from 'node:fs/promises';
import type { LoadRun } from './load-run.js';

export const STAGES = {
  create: 'POST /v1/jobs sent -> 201 (client)',
  upload: 'both presigned POSTs, in parallel -> 204 (client)',
  start: 'two concurrent POST .../start -> both 202 (client)',
  ingest: 'record started.at -> status queued',
  wait: 'status thinking -> log `job thinking` (execution slot free)',
  think: 'log `job thinking` -> status drawing',
  draw: 'status drawing -> publishing',
  publish: 'status publishing -> succeeded',
  execution: 'log `job thinking` -> status succeeded',
  'end-to-end': 'record createdAt -> status succeeded',
} as const;
export type StageName = keyof typeof STAGES;

export interface Percentiles {
  readonly n: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface LoadReport {
  readonly date: string;
  readonly machine: LoadRun['machine'];
  readonly jobs: number;
  readonly drainSec: number;
  readonly inputs: LoadRun['inputs'];
  readonly options: LoadRun['options'];
  readonly seconds: { stackStart: number; submitting: number; run: number };
  readonly outcome: {
    accepted: number;
    byStage: Record<string, number>;
    /** Where the stack held the unfinished jobs at the snapshot (/healthz). */
    held: LoadRun['health'];
  };
  readonly throughput: { submissionsPerSec: number; completionsPerSec: number; drainPerSec: number };
  readonly stages: Record<StageName, Percentiles>;
  /** result.json's `timings` (the sampler's own, per succeeded job). */
  readonly sampler: Record<string, Percentiles>;
  readonly http: Record<string, number>;
  /** Objects in the bucket at the snapshot (inputs, records, outputs). */
  readonly bucketObjects: number;
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function percentiles(values: readonly number[]): Percentiles {
  return {
    n: values.length,
    p50Ms: Math.round(percentile(values, 50)),
    p95Ms: Math.round(percentile(values, 95)),
    maxMs: Math.round(values.length ? Math.max(...values) : Number.NaN),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function loadReport(run: LoadRun): LoadReport {
  const samples = Object.fromEntries(Object.keys(STAGES).map((stage) => [stage, [] as number[]])) as Record<
    StageName,
    number[]
  >;
  const add = (stage: StageName, from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to))
      samples[stage].push(to - from);
  };
  for (const s of run.submissions) {
    add('create', s.at.sent, s.at.created);
    add('upload', s.at.created, s.at.uploaded);
    add('start', s.at.uploaded, s.at.started);
  }
  const sampler: Record<string, number[]> = {};
  const succeededAt: number[] = [];
  const byStage: Record<string, number> = {};
  for (const job of run.jobs) {
    const stage = job.view?.stage ?? `http ${job.viewStatus}`;
    byStage[stage] = (byStage[stage] ?? 0) + 1;
    const t = job.status?.timestamps ?? {};
    const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
    const thinkEntered = job.log.find((line) => line.stage === 'thinking')?.at;
    add('ingest', ms(job.record?.started?.at), ms(t.queued));
    add('wait', ms(t.thinking), thinkEntered);
    add('think', thinkEntered, ms(t.drawing));
    add('draw', ms(t.drawing), ms(t.publishing));
    add('publish', ms(t.publishing), ms(t.succeeded));
    add('execution', thinkEntered, ms(t.succeeded));
    add('end-to-end', ms(job.record?.createdAt), ms(t.succeeded));
    if (t.succeeded) succeededAt.push(Date.parse(t.succeeded));
    for (const [name, value] of Object.entries(job.result?.timings ?? {})) {
      sampler[name] ??= [];
      sampler[name].push(value);
    }
  }
  const accepted = run.jobs.length;
  const { firstSent, lastAccepted, snapshot } = run.at;
  const lastDone = Math.max(...succeededAt);
  const firstDone = Math.min(...succeededAt);
  return {
    date: new Date(run.at.firstSent).toISOString(),
    machine: run.machine,
    jobs: run.settings.jobs,
    drainSec: run.settings.drainMs / 1000,
    inputs: run.inputs,
    options: run.options,
    seconds: {
      stackStart: round2(run.stackStartMs / 1000),
      submitting: round2((lastAccepted - firstSent) / 1000),
      run: round2((snapshot - firstSent) / 1000),
    },
    outcome: { accepted, byStage, held: run.health },
    throughput: {
      submissionsPerSec: round2(accepted / Math.max(0.001, (lastAccepted - firstSent) / 1000)),
      completionsPerSec: succeededAt.length
        ? round2(succeededAt.length / ((lastDone - firstSent) / 1000))
        : 0,
      drainPerSec:
        succeededAt.length > 1 ? round2((succeededAt.length - 1) / ((lastDone - firstDone) / 1000)) : 0,
    },
    stages: Object.fromEntries(
      Object.entries(samples).map(([stage, values]) => [stage, percentiles(values)]),
    ) as Record<StageName, Percentiles>,
    sampler: Object.fromEntries(
      Object.entries(sampler)
        .sort()
        .map(([name, values]) => [name, percentiles(values)]),
    ),
    http: run.http,
    bucketObjects: run.keys.total,
  };
}

/** The few lines the test prints. */
export function reportText(report: LoadReport): string {
  const pad = (text: string | number, width: number) => String(text).padStart(width);
  const stages = Object.entries(report.stages).map(
    ([stage, p]) =>
      `  ${stage.padEnd(11)} n=${pad(p.n, 3)} p50=${pad(p.p50Ms, 7)} ms p95=${pad(p.p95Ms, 7)} ms`,
  );
  const t = report.throughput;
  return [
    `load: ${report.jobs} jobs at once, drain bound ${report.drainSec} s, ${report.machine.cores} cores (load ${report.machine.loadAvgStart.join(' / ')})`,
    `  outcome: ${Object.entries(report.outcome.byStage)
      .map(([stage, n]) => `${stage} ${n}`)
      .join(', ')} (accepted ${report.outcome.accepted}); ${held(report)}`,
    `  throughput: ${t.submissionsPerSec} submissions/s (all in ${report.seconds.submitting} s), ${t.completionsPerSec} completions/s from the first request, ${t.drainPerSec}/s between the first and the last completion`,
    ...stages,
    `  run ${report.seconds.run} s after a ${report.seconds.stackStart} s stack start`,
  ].join('\n');
}

function held(report: LoadReport): string {
  const { waiting, running, pendingEvents } = report.outcome.held;
  return `when the snapshot began (the stages above were read just after it) the stack held ${waiting} executions waiting, ${running} running and ${pendingEvents} job.json events not yet ingested`;
}

function cell(value: number): string {
  return Number.isFinite(value) ? String(value) : '–';
}

export function reportMarkdown(report: LoadReport): string {
  const m = report.machine;
  const t = report.throughput;
  const o = report.options;
  const rows = (Object.keys(STAGES) as StageName[]).map((stage) => {
    const p = report.stages[stage];
    return `| ${stage} | ${STAGES[stage]} | ${p.n} | ${cell(p.p50Ms)} | ${cell(p.p95Ms)} | ${cell(p.maxMs)} |`;
  });
  const outcome = Object.entries(report.outcome.byStage)
    .map(([stage, n]) => `${stage} ${n}`)
    .join(', ');
  const sampler = Object.entries(report.sampler).map(
    ([name, p]) => `| ${name} | ${p.n} | ${cell(p.p50Ms)} | ${cell(p.p95Ms)} |`,
  );
  return `# Load test

Written by \`npm run test:load\` (\`test/load/\`) on ${report.date}: ${m.cores} x ${m.cpu}, Node ${m.node}, load average ${m.loadAvgStart.join(' / ')} at the start and ${m.loadAvgEnd.join(' / ')} at the end (1 / 5 / 15 min; the cores are shared with other work, so these times are pessimistic). The figures of this file and of \`bench/load-results.json\` are that run's; the test itself asserts only that every job was accepted, none was lost and none ran twice.

**Setup.** ${report.jobs} clients at once against a local stack started as \`tbd serve\` does (\`startLocalStack\` with the \`/v1\` API, its defaults: one execution at a time), the real pipeline: each client creates a job (\`POST /v1/jobs\`), uploads a ${report.inputs.portraitPx} px PNG crop of the example portrait (${report.inputs.portraitBytes} bytes) and ${report.inputs.audioSec} s of 16 kHz speech (${report.inputs.audioBytes} bytes) with the presigned POSTs, and starts it twice at the same time; every job is then started once more, and a few \`job.json\` objects are written again with the same bytes. Options: size ${o.size}, ${o.steps} steps, ${o.fps} fps. The jobs were polled through \`GET /v1/jobs\` until all had finished or ${report.drainSec} s after the last submission.

**Outcome** (${report.seconds.run} s from the first request to the snapshot, after a ${report.seconds.stackStart} s stack start): ${outcome} of ${report.outcome.accepted} accepted; ${held(report)} (a started job's status says \`thinking\` while it waits for the slot: ingest marks it so when it starts the execution).

**Throughput.** ${t.submissionsPerSec} submissions/s (all ${report.jobs} accepted within ${report.seconds.submitting} s); ${t.completionsPerSec} completions/s from the first request to the last completion; ${t.drainPerSec} completions/s between the first and the last completion (one job at a time).

| stage | from -> to | n | p50 ms | p95 ms | max ms |
|---|---|---:|---:|---:|---:|
${rows.join('\n')}

Reading it: every job is in line behind the others twice. \`ingest\`: the \`job.json\` events reach ingest one at a time (\`local/stack/event-queue.ts\`: s3rver ignores conditional writes, so serial handling is what keeps ingest's create-if-absent atomic), and each ingest shares the one Node process with the drawing, so a late job reaches the pipeline's records long after its \`start\` answered (the API shows it \`queued\` meanwhile). \`wait\`: then it waits for the one execution slot (\`maxConcurrentJobs\` 1, as \`tbd serve\` runs). Both grow with the job's place in line and make up most of \`end-to-end\`; \`execution\` is one job's own run. \`n\` counts the jobs that reached the stage's end by the snapshot.

The sampler's own timings (\`result.json\` \`timings\`, per succeeded job):

| timing | n | p50 ms | p95 ms |
|---|---:|---:|---:|
${sampler.join('\n')}

**What the records hold, and what per-stage times from records alone would need.** \`jobs/<id>/status.json\` keeps when each stage was entered (\`timestamps\`), the API record (\`tenants/<t>/api-jobs/<id>.json\`) \`createdAt\` and \`started.at\`. Two moments are in no record: when the uploads finished (client-measured here) and when Think actually began: ingest writes \`queued\` and \`thinking\` together when it starts the execution, and the execution may then wait for the slot, so \`thinking -> drawing\` in the status record is wait + think. This run takes Think's start from the stack's \`job thinking\` log line (state entered). A \`running\` (or \`thinkStartedAt\`) timestamp written by the Think handler when it begins, and the media's upload times in the API record (or S3 event times), would give every stage from the records.

The bucket held ${report.bucketObjects} objects at the snapshot. Under this load the local API first answered some \`GET /v1/jobs\` with 503: s3rver's torn reads of status records being rewritten, and its failure on every truncated ListObjectsV2 page; \`local/api/torn-read-retry.ts\` and \`local/api/marker-key-pager.ts\` now meet both. HTTP answers during the run: ${Object.entries(
    report.http,
  )
    .map(([route, n]) => `\`${route}\` ${n}`)
    .join(', ')}.
`;
}

/** bench/load-results.json and bench/LOAD.md. */
export async function writeLoadReport(report: LoadReport, dir = new URL('../../bench/', import.meta.url)) {
  await writeFile(new URL('load-results.json', dir), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(new URL('LOAD.md', dir), reportMarkdown(report));
}
