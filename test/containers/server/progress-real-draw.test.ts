/**
 * The progress document during a real draw: startSampler with the real Draw pipeline over s3rver
 * (four seconds of speech at 256 px, 8 steps) and a progress interval of 50 ms, every PutObject
 * of the document recorded as the sampler sent it. The stages come in order, `done` grows within
 * each, the last document is the last frame, and nothing is written after the outputs.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningSampler,
  startSampler,
} from '../../../containers/gpu-sampler/src/server/start-sampler.js';
import { DrawResultSchema } from '../../../core/contracts/draw-request.js';
import {
  DRAW_PROGRESS_STAGES,
  type JobProgress,
  JobProgressSchema,
} from '../../../core/contracts/job-progress.js';
import { type RunningS3rver, startS3rver } from '../../helpers/s3rver.js';
import { baseUrl, drawRequest, memoryLog, post, samplePlan } from './fakes.js';

const EXAMPLES = new URL('../../../examples/', import.meta.url);
const JOB = 'real-progress';
const PROGRESS_KEY = `jobs/${JOB}/progress.json`;

let s3: RunningS3rver;
let sampler: RunningSampler;
/** Keys of the sampler's PutObjects in order, and the progress documents among them. */
const puts: string[] = [];
const documents: JobProgress[] = [];

beforeAll(async () => {
  s3 = await startS3rver();
  const client = s3.createClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Body?: Uint8Array };
      if (context.commandName === 'PutObjectCommand') {
        puts.push(input.Key ?? '');
        if (input.Key === PROGRESS_KEY && input.Body)
          documents.push(JobProgressSchema.parse(JSON.parse(new TextDecoder().decode(input.Body))));
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordPuts' },
  );
  sampler = await startSampler({
    env: { ...s3.env },
    config: { host: '127.0.0.1', port: 0, providers: ['cpu'], progressIntervalMs: 50 },
    log: memoryLog(),
    s3: client,
  });
  await sampler.server.ready;
  await s3.put(`incoming/${JOB}/portrait.png`, await readFile(new URL('portrait-astronaut.png', EXAMPLES)));
  await s3.put(`incoming/${JOB}/speech.wav`, await readFile(new URL('speech-surprise-16k.wav', EXAMPLES)));
  await s3.put(`jobs/${JOB}/plan.json`, JSON.stringify(await samplePlan()), 'application/json');
}, 60_000);

afterAll(async () => {
  await sampler?.stop();
  await s3?.stop();
});

describe('progress during a real draw', () => {
  it('reports the motion steps, then the frames, with done growing, and stops before the outputs', async () => {
    // Act
    const request = drawRequest(JOB, s3.bucket, {
      options: { seed: 7, steps: 8, size: 256, fps: 25 },
      progress: `s3://${s3.bucket}/${PROGRESS_KEY}`,
    });
    const reply = await post(baseUrl(sampler.address), request);

    // Assess: the job
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    const result = DrawResultSchema.parse(reply.json);

    // Assess: stages in the contract's order, each at most once in a row
    const stages = documents.map((d) => d.stage).filter((stage, i, all) => stage !== all[i - 1]);
    expect(stages).toEqual(['fetch', 'queue', 'motion', 'render']);
    expect(stages.every((stage) => (DRAW_PROGRESS_STAGES as readonly string[]).includes(stage))).toBe(true);

    // Assess: done grows within a stage, totals are the steps and the frames
    for (const stage of ['motion', 'render']) {
      const of = documents.filter((d) => d.stage === stage);
      const done = of.map((d) => d.done);
      expect(done, stage).toEqual([...done].sort((a, b) => a - b));
      expect(new Set(done).size, stage).toBe(done.length);
      expect(new Set(of.map((d) => d.total)), stage).toEqual(
        new Set([stage === 'motion' ? 8 : result.frames]),
      );
    }
    const render = documents.filter((d) => d.stage === 'render');
    expect(render.length).toBeGreaterThanOrEqual(2);
    expect(documents.at(-1)).toMatchObject({ stage: 'render', total: result.frames });
    const updated = documents.map((d) => Date.parse(d.updatedAt));
    expect(updated).toEqual([...updated].sort((a, b) => a - b));

    // Assess: the stored document is the last one written, and every write came before the outputs
    const stored = JobProgressSchema.parse(JSON.parse(new TextDecoder().decode(await s3.get(PROGRESS_KEY))));
    expect(stored).toEqual(documents.at(-1));
    const lastProgress = puts.lastIndexOf(PROGRESS_KEY);
    const firstOutput = puts.findIndex((key) => key.startsWith(`outgoing/${JOB}/`));
    expect(firstOutput).toBeGreaterThan(lastProgress);
  }, 20_000);
});
