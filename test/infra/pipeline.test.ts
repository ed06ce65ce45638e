/**
 * The pipeline's Lambdas, bundled for real: one synthesis with esbuild, then each bundle is loaded
 * by a plain Node process, as the Lambda runtime would load it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEDROCK_DEFAULTS } from '../../functions/think/bedrock-reasoner.js';
import type { PipelineFunction } from '../../infra/constructs/pipeline-function.js';
import { type SynthResult, synthStack } from './synth-stack.js';

let synth: SynthResult;
let template: Template;

beforeAll(() => {
  synth = synthStack({ bundle: true });
  template = synth.template;
}, 120_000);

afterAll(() => rmSync(synth.outdir, { recursive: true, force: true }));

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  synth.stack.getLogicalId(construct.node.defaultChild as never);

function pipelineFunctions(): Record<string, PipelineFunction> {
  const p = synth.stack.pipeline;
  return {
    ingest: p.ingest,
    think: p.think,
    drawSubmit: p.drawSubmit,
    drawCallback: p.drawCallback,
    drawSweep: p.drawSweep,
    publish: p.publish,
    publishFailure: p.publishFailure,
  };
}

function functionProps(fn: PipelineFunction) {
  return template.toJSON().Resources[idOf(fn.function)].Properties;
}

describe('pipeline functions', () => {
  it('run on Node.js 24 for ARM64 with active tracing and JSON logs in their own log group', () => {
    for (const [name, fn] of Object.entries(pipelineFunctions())) {
      // Act
      const props = functionProps(fn);

      // Assess
      expect(props.Runtime, name).toBe('nodejs24.x');
      expect(props.Architectures, name).toEqual(['arm64']);
      expect(props.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(props.LoggingConfig, name).toEqual({ LogFormat: 'JSON', LogGroup: { Ref: idOf(fn.logGroup) } });
    }
  });

  it('are ES module bundles that a plain Node process loads, exporting their handlers', () => {
    // Prepare
    const exportsOf = { publishFailure: 'failureHandler', drawSweep: 'sweepHandler' } as Record<
      string,
      string
    >;
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      BUCKET_NAME: 'tbd-test',
      STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:tbd',
      ENDPOINT_NAME: 'tbd-sampler',
    };

    for (const [name, fn] of Object.entries(pipelineFunctions())) {
      // Act
      const props = functionProps(fn);
      const bundle = join(
        synth.outdir,
        `asset.${String(props.Code.S3Key).replace(/\.zip$/, '')}`,
        'index.mjs',
      );
      const exported = exportsOf[name] ?? 'handler';
      const probe = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(typeof m.${exported});`;
      const kind = existsSync(bundle)
        ? execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
            env,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          })
        : 'missing bundle';

      // Assess
      expect(props.Handler, name).toBe(`index.${exported}`);
      expect(kind, name).toBe('function');
    }
  }, 60_000);

  it('pass each handler the configuration it reads', () => {
    // Prepare
    const { pipeline, sampler, storage } = synth.stack;
    const bucket = { Ref: idOf(storage.bucket) };

    // Act
    const env = (fn: PipelineFunction) => functionProps(fn).Environment.Variables;

    // Assess
    expect(env(pipeline.ingest)).toMatchObject({
      BUCKET_NAME: bucket,
      STATE_MACHINE_ARN: { Ref: idOf(pipeline.stateMachine.stateMachine) },
    });
    expect(env(pipeline.think)).toMatchObject({
      BUCKET_NAME: bucket,
      TBD_REASONER: 'bedrock',
      BEDROCK_MODEL_ID: BEDROCK_DEFAULTS.modelId,
    });
    expect(env(pipeline.drawSubmit)).toMatchObject({
      BUCKET_NAME: bucket,
      ENDPOINT_NAME: sampler.endpointName,
      REQUEST_TTL_SECONDS: '3600',
      INVOCATION_TIMEOUT_SECONDS: '900',
    });
    for (const fn of [pipeline.drawCallback, pipeline.drawSweep, pipeline.publish, pipeline.publishFailure]) {
      expect(env(fn)).toMatchObject({ BUCKET_NAME: bucket });
    }
  });

  it('send failed asynchronous events (S3 to ingest, SNS to draw-callback) to a TLS-only queue', () => {
    // Prepare
    const { pipeline } = synth.stack;
    const dlq = idOf(pipeline.deadLetterQueue);

    // Act
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
    const queuePolicy = Object.values(template.findResources('AWS::SQS::QueuePolicy'))[0];

    // Assess
    for (const fn of [pipeline.ingest, pipeline.drawCallback]) {
      const config = configs.find(
        (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: idOf(fn.function) }),
      );
      expect(config?.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      });
    }
    expect(template.toJSON().Resources[dlq].Properties).toMatchObject({ SqsManagedSseEnabled: true });
    expect(queuePolicy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('runs draw-sweep every minute', () => {
    // Act
    const rules = Object.values(template.findResources('AWS::Events::Rule'));

    // Assess
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [idOf(synth.stack.pipeline.drawSweep.function), 'Arn'] },
        }),
      ],
    });
  });
});

describe('state machine', () => {
  it('logs ALL events to CloudWatch Logs and traces with X-Ray', () => {
    // Act
    const machine =
      template.toJSON().Resources[idOf(synth.stack.pipeline.stateMachine.stateMachine)].Properties;

    // Assess
    expect(machine.StateMachineType).toBe('STANDARD');
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
  });

  it('alarms to the alarm topic on failed and timed-out executions and on dead letters', () => {
    // Prepare
    const machine = { Ref: idOf(synth.stack.pipeline.stateMachine.stateMachine) };
    const topic = { Ref: idOf(synth.stack.pipeline.alarms.topic) };

    // Act
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);

    // Assess
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/States',
          MetricName: metric,
          Dimensions: [{ Name: 'StateMachineArn', Value: machine }],
          Threshold: 1,
          AlarmActions: [topic],
        }),
      );
    }
    expect(alarms).toContainEqual(
      expect.objectContaining({ MetricName: 'ApproximateNumberOfMessagesVisible', AlarmActions: [topic] }),
    );
  });

  it('lets CloudWatch publish alarms to the TLS-only alarm topic', () => {
    // Prepare
    const topic = idOf(synth.stack.pipeline.alarms.topic);

    // Act
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy')).find(
      (p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topic }]),
    );

    // Assess
    expect(policy?.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
        }),
      ]),
    );
  });
});
