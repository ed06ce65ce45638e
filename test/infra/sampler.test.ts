import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEndpointName, GPU_SAMPLER_DEFAULTS } from '../../infra/constructs/gpu-sampler.js';
import { iamStatements, type SynthResult, synthStack } from './synth-stack.js';

let synth: SynthResult;
let template: Template;
const outdirs: string[] = [];

beforeAll(() => {
  synth = synthStack();
  template = synth.template;
  outdirs.push(synth.outdir);
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  synth.stack.getLogicalId(construct.node.defaultChild as never);

function only(type: string, from: Template = template) {
  const resources = Object.entries(from.findResources(type));
  expect(resources, type).toHaveLength(1);
  return { id: resources[0]![0], resource: resources[0]![1] };
}

describe('GPU sampler', () => {
  it('configures asynchronous inference: S3 output and failure paths under jobs/, SNS success and error topics', () => {
    // Prepare
    const bucket = idOf(synth.stack.storage.bucket);

    // Act
    const config = only('AWS::SageMaker::EndpointConfig').resource.Properties;

    // Assess
    expect(config.AsyncInferenceConfig).toEqual({
      ClientConfig: { MaxConcurrentInvocationsPerInstance: 1 },
      OutputConfig: {
        S3OutputPath: { 'Fn::Join': ['', ['s3://', { Ref: bucket }, '/jobs/_inference/output/']] },
        S3FailurePath: { 'Fn::Join': ['', ['s3://', { Ref: bucket }, '/jobs/_inference/failure/']] },
        NotificationConfig: {
          SuccessTopic: { Ref: idOf(synth.stack.sampler.successTopic) },
          ErrorTopic: { Ref: idOf(synth.stack.sampler.errorTopic) },
        },
      },
    });
    expect(config.ProductionVariants).toEqual([
      expect.objectContaining({
        VariantName: 'AllTraffic',
        InstanceType: 'ml.g5.xlarge',
        InitialInstanceCount: 1,
        ModelName: { 'Fn::GetAtt': [only('AWS::SageMaker::Model').id, 'ModelName'] },
      }),
    ]);
  });

  it('names the endpoint after the stack and the instance type, in lower case, within 63 characters', () => {
    expect(defaultEndpointName('ThinkBeforeDraw', 'ml.g5.xlarge')).toBe('thinkbeforedraw-sampler-g5-xlarge');
    expect(defaultEndpointName('Tbd_Dev', 'ml.g6e.12xlarge')).toBe('tbd-dev-sampler-g6e-12xlarge');
    const long = defaultEndpointName('A'.repeat(100), 'ml.g5.xlarge');
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^a+-sampler-g5-xlarge$/);
  });

  it('serves the endpoint under a fixed lower-case name and keeps the scaled instance count on redeploy', () => {
    // Act
    const endpoint = only('AWS::SageMaker::Endpoint').resource.Properties;

    // Assess
    expect(endpoint).toEqual({
      EndpointName: 'thinkbeforedraw-sampler-g5-xlarge',
      EndpointConfigName: { 'Fn::GetAtt': [only('AWS::SageMaker::EndpointConfig').id, 'EndpointConfigName'] },
      RetainAllVariantProperties: true,
    });
  });

  it('enforces TLS on the success and error topics and subscribes draw-callback to both, with a DLQ', () => {
    // Prepare
    const topics = [synth.stack.sampler.successTopic, synth.stack.sampler.errorTopic].map(idOf);
    const callback = idOf(synth.stack.pipeline.drawCallback.function);
    const dlq = idOf(synth.stack.pipeline.deadLetterQueue);

    // Act
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'));

    // Assess
    for (const topic of topics) {
      const policy = policies.find(
        (p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topic }]),
      );
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      expect(subscriptions).toContainEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            Protocol: 'lambda',
            TopicArn: { Ref: topic },
            Endpoint: { 'Fn::GetAtt': [callback, 'Arn'] },
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          }),
        }),
      );
    }
  });

  it('scales the variant between 0 and samplerMaxInstances on the backlog per instance', () => {
    // Act
    const target = only('AWS::ApplicationAutoScaling::ScalableTarget');
    const policies = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));

    // Assess
    expect(target.resource.Properties).toEqual({
      MinCapacity: 0,
      MaxCapacity: GPU_SAMPLER_DEFAULTS.maxInstances,
      ResourceId: 'endpoint/thinkbeforedraw-sampler-g5-xlarge/variant/AllTraffic',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      ServiceNamespace: 'sagemaker',
    });
    expect(target.resource.DependsOn).toContain(only('AWS::SageMaker::Endpoint').id);
    const tracking = policies.find((p) => p.Properties.PolicyType === 'TargetTrackingScaling');
    expect(
      tracking?.Properties.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification,
    ).toEqual({
      Namespace: 'AWS/SageMaker',
      MetricName: 'ApproximateBacklogSizePerInstance',
      Dimensions: [{ Name: 'EndpointName', Value: 'thinkbeforedraw-sampler-g5-xlarge' }],
      Statistic: 'Average',
    });
  });

  it('scales up from zero by one instance when HasBacklogWithoutCapacity alarms', () => {
    // Act
    const policies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy');
    const [stepId, step] = Object.entries(policies).find(
      ([, p]) => p.Properties.PolicyType === 'StepScaling',
    )!;
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const alarm = alarms.find((a) => a.Properties.MetricName === 'HasBacklogWithoutCapacity');

    // Assess
    expect(step.Properties.StepScalingPolicyConfiguration).toMatchObject({
      AdjustmentType: 'ChangeInCapacity',
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    });
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/SageMaker',
      Dimensions: [{ Name: 'EndpointName', Value: 'thinkbeforedraw-sampler-g5-xlarge' }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: [{ Ref: stepId }],
    });
  });

  it('takes the instance type, the maximum and a learned model from context', () => {
    // Prepare
    const custom = synthStack({
      context: {
        samplerInstanceType: 'ml.g6.2xlarge',
        samplerMaxInstances: '4',
        modelDataUrl: 's3://my-models/motion/model.tar.gz',
      },
    });
    outdirs.push(custom.outdir);

    // Act
    const config = only('AWS::SageMaker::EndpointConfig', custom.template).resource.Properties;
    const target = only('AWS::ApplicationAutoScaling::ScalableTarget', custom.template).resource.Properties;
    const model = only('AWS::SageMaker::Model', custom.template).resource.Properties;
    const reads = iamStatements(custom.template).filter((s) => s.statement.Sid === 'ReadModelData');

    // Assess
    expect(config.ProductionVariants[0].InstanceType).toBe('ml.g6.2xlarge');
    expect(custom.stack.sampler.endpointName).toBe('thinkbeforedraw-sampler-g6-2xlarge');
    expect(target).toMatchObject({ MinCapacity: 0, MaxCapacity: 4 });
    expect(model.PrimaryContainer.ModelDataUrl).toBe('s3://my-models/motion/model.tar.gz');
    expect(JSON.stringify(reads.map((r) => r.statement.Resource))).toContain(
      ':s3:::my-models/motion/model.tar.gz',
    );
  });

  it('builds the image from containers/gpu-sampler/ for linux/amd64, staging only its allow-listed context', () => {
    // Prepare
    const manifest = JSON.parse(
      readFileSync(join(synth.outdir, `${synth.stack.artifactId}.assets.json`), 'utf8'),
    );

    // Act
    const images = (Object.values(manifest.dockerImages) as { source: Record<string, string> }[]).filter(
      (image) => image.source.dockerFile === 'containers/gpu-sampler/Dockerfile',
    );
    const staged = readdirSync(join(synth.outdir, images[0]!.source.directory!)).sort();
    const sampler = readdirSync(
      join(synth.outdir, images[0]!.source.directory!, 'containers/gpu-sampler'),
    ).sort();

    // Assess
    expect(images).toHaveLength(1);
    expect(images[0]!.source).toMatchObject({
      dockerFile: 'containers/gpu-sampler/Dockerfile',
      platform: 'linux/amd64',
    });
    expect(staged).toEqual(['containers', 'core', 'package-lock.json', 'package.json', 'tsconfig.json']);
    expect(sampler).toEqual(
      expect.arrayContaining(['Dockerfile', 'Dockerfile.dockerignore', 'models', 'src']),
    );
  });

  it("gives the endpoint's role exactly its reads, writes, topics and log group", () => {
    // Prepare
    const role = idOf(synth.stack.sampler.role);

    // Act
    const model = only('AWS::SageMaker::Model').resource.Properties;
    const policy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([, p]) =>
      JSON.stringify(p.Properties.Roles).includes(role),
    )!;
    const sids = policy[1].Properties.PolicyDocument.Statement.map((s: { Sid?: string }) => s.Sid);

    // Assess
    expect(model.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    expect(sids).toEqual(
      expect.arrayContaining([
        'ReadObjects',
        'WriteObjects',
        'MissingObjectsAre404',
        'Notify',
        'EndpointLogs',
      ]),
    );
  });
});
