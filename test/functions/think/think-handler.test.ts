import 'aws-sdk-client-mock-vitest/extend';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlanValidationError } from '../../../core/plan/errors.js';
import { ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import { ThinkInputError } from '../../../functions/think/errors.js';
import type { ReasonerRequest } from '../../../functions/think/reasoner-for.js';
import { S3PlanStore } from '../../../functions/think/s3-plan-store.js';
import { createThinkHandler } from '../../../functions/think/think-handler.js';
import { FakeReasoner, MemoryPlanStore, samplePlan } from './fixtures.js';

const context = {
  functionName: 'think',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:think',
  memoryLimitInMB: '512',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/think',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

function setup(reasoner = new FakeReasoner('bedrock:test-model')) {
  const store = new MemoryPlanStore();
  const requests: ReasonerRequest[] = [];
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'think' });
  const addMetric = vi.spyOn(metrics, 'addMetric');
  const handler = createThinkHandler({
    reasonerFor: (request) => {
      requests.push(request);
      return reasoner;
    },
    store,
    logger: new Logger({ serviceName: 'think', logLevel: 'SILENT' }),
    metrics,
  });
  return { handler, store, requests, addMetric, reasoner };
}

describe('think handler', () => {
  it('stores the plan under jobs/<jobId>/plan.json and returns a small summary', async () => {
    // Prepare
    const { handler, store, requests, addMetric } = setup();

    // Act
    const result = await handler({ jobId: 'job-1', emotion: 'quietly heartbroken' }, context);

    // Assess
    expect(result).toEqual({
      jobId: 'job-1',
      planKey: 'jobs/job-1/plan.json',
      reasoner: 'bedrock:test-model',
      segments: 2,
      actionUnits: [1, 4, 6, 12, 15],
    });
    const stored = ExpressionPlanSchema.parse(JSON.parse(store.objects.get('jobs/job-1/plan.json')!));
    expect(stored.prompt).toBe('quietly heartbroken');
    expect(requests).toEqual([{ reasoner: undefined, modelId: undefined }]);
    expect(addMetric).toHaveBeenCalledWith('PlansProduced', 'Count', 1);
    expect(addMetric).not.toHaveBeenCalledWith('ReasonerFallbacks', expect.anything(), expect.anything());
  });

  it("passes the event's reasoner and model to the reasoner factory", async () => {
    // Prepare
    const { handler, requests } = setup();

    // Act
    await handler(
      { jobId: 'job-2', emotion: 'sad', options: { reasoner: 'bedrock', modelId: 'us.anthropic.x' } },
      context,
    );

    // Assess
    expect(requests).toEqual([{ reasoner: 'bedrock', modelId: 'us.anthropic.x' }]);
  });

  it('counts a fallback when the plan comes from another reasoner', async () => {
    // Prepare
    const reasoner = new FakeReasoner('bedrock:test-model', (text) =>
      samplePlan({ prompt: text, reasoner: 'facs (fallback from bedrock:test-model: throttled: x)' }),
    );
    const { handler, addMetric } = setup(reasoner);

    // Act
    const result = await handler({ jobId: 'job-3', emotion: 'sad' }, context);

    // Assess
    expect(result.reasoner).toMatch(/^facs \(fallback/);
    expect(addMetric).toHaveBeenCalledWith('ReasonerFallbacks', 'Count', 1);
  });

  it('rejects a bad event with a ThinkInputError naming the fields', async () => {
    // Prepare
    const { handler, store } = setup();

    // Act
    const error = await handler({ jobId: '../etc', options: { reasoner: 'gpt' } }, context).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(ThinkInputError);
    expect((error as ThinkInputError).name).toBe('ThinkInputError');
    const paths = (error as ThinkInputError).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['jobId', 'emotion', 'options.reasoner']));
    expect((error as Error).message).toMatch(/jobId: .*; .*emotion/);
    expect(store.objects.size).toBe(0);
  });

  it('stores a plan supplied in the event as a "user" plan, without reasoning', async () => {
    // Prepare
    const { handler, store, reasoner } = setup();

    // Act
    const result = await handler(
      { jobId: 'job-4', emotion: 'ignored', options: { plan: samplePlan() } },
      context,
    );

    // Assess
    expect(result.reasoner).toBe('user');
    expect(reasoner.calls).toEqual([]);
    expect(JSON.parse(store.objects.get('jobs/job-4/plan.json')!).reasoner).toBe('user');
  });

  it('rejects an invalid supplied plan with a PlanValidationError', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const result = handler(
      { jobId: 'job-5', emotion: 'x', options: { plan: { schemaVersion: 1 } } },
      context,
    );

    // Assess
    await expect(result).rejects.toBeInstanceOf(PlanValidationError);
  });
});

describe('think handler with the S3 plan store', () => {
  const s3 = mockClient(S3Client);

  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('writes jobs/<jobId>/plan.json as application/json to the bucket', async () => {
    // Prepare
    const store = new S3PlanStore({ client: new S3Client({ region: 'us-east-1' }), bucket: 'tbd-bucket' });
    const handler = createThinkHandler({
      reasonerFor: () => new FakeReasoner('facs'),
      store,
      logger: new Logger({ serviceName: 'think', logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test', serviceName: 'think' }),
    });

    // Act
    const result = await handler({ jobId: 'job-s3', emotion: 'quietly heartbroken' }, context);

    // Assess
    expect(result.planKey).toBe('jobs/job-s3/plan.json');
    expect(s3).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
      Bucket: 'tbd-bucket',
      Key: 'jobs/job-s3/plan.json',
      ContentType: 'application/json',
    });
    const body = s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body as string;
    expect(ExpressionPlanSchema.parse(JSON.parse(body)).prompt).toBe('quietly heartbroken');
  });

  it('reports a failed write S3 may accept later as TransientError, which the Think state retries', async () => {
    // Prepare: S3 answers 503 (what is left once the SDK's own retries are spent)
    const unavailable = Object.assign(new Error('Please reduce your request rate.'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    s3.on(PutObjectCommand).rejects(unavailable);
    const store = new S3PlanStore({ client: new S3Client({ region: 'us-east-1' }), bucket: 'tbd-bucket' });
    const handler = createThinkHandler({
      reasonerFor: () => new FakeReasoner('facs'),
      store,
      logger: new Logger({ serviceName: 'think', logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test', serviceName: 'think' }),
    });

    // Act
    const error = await handler({ jobId: 'job-s3', emotion: 'calm' }, context).catch((e: Error) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'TransientError',
      message: expect.stringContaining('PutObject jobs/job-s3/plan.json: ServiceUnavailable'),
    });
  });
});
