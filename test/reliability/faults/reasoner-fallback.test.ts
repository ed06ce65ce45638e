/**
 * Fault: the Think stage's reasoner (Bedrock) throttles, or never answers. A real local stack
 * whose Think handler gets a real Bedrock reasoner (`reasonerFor`, the handler's port) over a real
 * BedrockRuntimeClient pointed at a loopback stand-in for Bedrock. The job must not fail: the
 * offline facs reasoner writes the plan, and the plan, the result and the status record say so.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobResultSchema } from '../../../core/jobs/job-result.js';
import { ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import type { Reasoner } from '../../../core/plan/reasoner.js';
import { createReasonerFor } from '../../../functions/think/reasoner-for.js';
import { type BedrockFault, type FakeBedrock, startFakeBedrock } from './fake-bedrock.js';
import {
  dropTinyJob,
  expectInputsUntouched,
  type FaultStack,
  filesUnder,
  finalStatusOf,
  OUTGOING_SUCCESS,
  retriesOf,
  startFaultStack,
} from './fault-fixtures.js';

const MODEL = 'fake.model-v1';

describe('fault: the reasoner throttles or times out', () => {
  let dataDir: string;
  let fault: FaultStack;
  let bedrock: FakeBedrock | undefined;
  /** What the Think handler's port hands out; each test sets its own. */
  let reasoner: Reasoner | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-fault-reasoner-'));
    fault = await startFaultStack(dataDir, {
      reasonerFor: () => {
        if (!reasoner) throw new Error('no reasoner set for this test');
        return reasoner;
      },
    });
  });

  afterEach(async () => {
    await bedrock?.close();
    bedrock = undefined;
    reasoner = undefined;
  });

  afterAll(async () => {
    await fault?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A Bedrock reasoner as the stack builds one (createReasonerFor), over the stand-in. */
  async function bedrockReasoner(kind: BedrockFault, options: { maxAttempts: number; timeoutMs?: number }) {
    bedrock = await startFakeBedrock(kind);
    const reasonerFor = createReasonerFor(
      { reasoner: 'bedrock', modelId: MODEL, region: 'us-east-1', timeoutMs: options.timeoutMs },
      bedrock.client(options.maxAttempts),
    );
    reasoner = reasonerFor({});
    return bedrock;
  }

  /** Runs a job to its end; returns its status, its plan and result as published. */
  async function runJob(name: string) {
    const job = await dropTinyJob(fault.s3, name);
    const status = await finalStatusOf(fault, name);
    const plan = ExpressionPlanSchema.parse(await fault.s3.json(`outgoing/${name}/plan.json`));
    const result = JobResultSchema.parse(await fault.s3.json(`outgoing/${name}/result.json`));
    return { job, status, plan, result };
  }

  it('falls back to facs when Bedrock throttles, after the SDK retried once, and records it', async () => {
    // Prepare: the SDK may try twice; both are throttled
    const fake = await bedrockReasoner('throttle', { maxAttempts: 2 });

    // Act
    const { job, status, plan, result } = await runJob('throttled');

    // Assess: two Converse calls (the SDK's own retry), then the fallback wrote the plan
    expect(fake.calls).toEqual([MODEL, MODEL]);
    const recorded = `facs (fallback from bedrock:${MODEL}: throttled: ThrottlingException: Rate exceeded)`;
    expect(plan.reasoner).toBe(recorded);
    expect(plan.chain[0]).toMatchObject({ step: 'fallback' });
    expect(plan.chain[0]?.thought).toMatch(/could not produce a valid plan \(throttled: ThrottlingException/);
    expect(plan.chain.slice(1).map((entry) => entry.step)).toContain('appraisal');
    expect(plan.prompt).toBe('surprised at first, then delighted');

    // Assess: the job succeeded and says who wrote its plan, everywhere
    expect(status).toMatchObject({ stage: 'succeeded', reasoner: recorded });
    expect(result.reasoner).toBe(recorded);
    expect(await filesUnder(fault.s3, 'outgoing/throttled/')).toEqual([...OUTGOING_SUCCESS]);
    expect(fault.log.stagesOf(status.jobId)).toEqual([
      'queued',
      'thinking',
      'fallback',
      'drawing',
      'publishing',
      'succeeded',
    ]);
    expect(fault.log.lines.find((line) => line.includes('WARN  job fallback'))).toContain(
      `reasoner=${JSON.stringify(recorded)}`,
    );
    expect(retriesOf(fault.log, status.jobId)).toEqual([]);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);

  it('falls back to facs when Bedrock does not answer within the timeout, and records it', async () => {
    // Prepare: a Bedrock that never answers, a 600 ms limit per call
    const fake = await bedrockReasoner('hang', { maxAttempts: 3, timeoutMs: 600 });

    // Act
    const { job, status, plan, result } = await runJob('silent');

    // Assess: one call, abandoned at the limit (no SDK retry of our own abort), then the fallback
    expect(fake.calls).toEqual([MODEL]);
    expect(fake.abandoned()).toBe(1);
    const recorded = `facs (fallback from bedrock:${MODEL}: timeout: no reply within 600 ms)`;
    expect(plan.reasoner).toBe(recorded);
    expect(plan.chain[0]).toMatchObject({ step: 'fallback' });
    expect(status).toMatchObject({ stage: 'succeeded', reasoner: recorded });
    expect(result.reasoner).toBe(recorded);

    // Assess: Think waited for the limit, not for Bedrock's 60 s default
    const thinkMs = Date.parse(status.timestamps.drawing!) - Date.parse(status.timestamps.thinking!);
    expect(thinkMs).toBeGreaterThanOrEqual(600);
    expect(thinkMs).toBeLessThan(10_000);
    expect(await filesUnder(fault.s3, 'outgoing/silent/')).toEqual([...OUTGOING_SUCCESS]);
    expect(retriesOf(fault.log, status.jobId)).toEqual([]);
    expect(fault.log.stagesOf(status.jobId)).toContain('fallback');
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);
});
