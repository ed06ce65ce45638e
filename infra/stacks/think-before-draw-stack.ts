/**
 * The whole product in one stack, composed of constructs only: storage, the GPU sampler and the
 * pipeline. One stack because the S3 notification, the bucket's grants and the pipeline refer to
 * each other (split stacks would need a cycle-breaking import of the bucket and cross-stack
 * exports that freeze the bucket's ARN); the data survives a deleted stack through the buckets'
 * RETAIN policy instead.
 *
 * The /v1 API (JobsApi) presigns uploads to `storage.bucket`, adds `tenants/` as a manifest
 * source of the pipeline and has one API key per tenant (context `apiTenants`).
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { InfraConfig } from '../config.js';
import { JobsApi } from '../constructs/api.js';
import { GpuSampler } from '../constructs/gpu-sampler.js';
import { Pipeline } from '../constructs/pipeline.js';
import { PipelineStorage } from '../constructs/pipeline-storage.js';

export interface ThinkBeforeDrawStackProps extends StackProps {
  readonly config: Omit<InfraConfig, 'stackName'>;
}

export class ThinkBeforeDrawStack extends Stack {
  readonly storage: PipelineStorage;
  readonly sampler: GpuSampler;
  readonly pipeline: Pipeline;
  readonly api: JobsApi;

  constructor(scope: Construct, id: string, props: ThinkBeforeDrawStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.storage = new PipelineStorage(this, 'Storage', { removalPolicy: config.removalPolicy });
    this.sampler = new GpuSampler(this, 'Sampler', {
      storage: this.storage,
      instanceType: config.samplerInstanceType,
      maxInstances: config.samplerMaxInstances,
      modelDataUrl: config.modelDataUrl,
    });
    this.pipeline = new Pipeline(this, 'Pipeline', {
      storage: this.storage,
      sampler: this.sampler,
      bedrockModelId: config.bedrockModelId,
      alarmEmail: config.alarmEmail,
      removalPolicy: config.removalPolicy,
    });

    this.api = new JobsApi(this, 'Api', {
      storage: this.storage,
      pipeline: this.pipeline,
      tenants: config.apiTenants.split(',').map((id) => ({ id })),
      bedrockModelId: config.bedrockModelId,
      removalPolicy: config.removalPolicy,
    });

    new CfnOutput(this, 'BucketName', {
      value: this.storage.bucket.bucketName,
      description: 'Drop incoming/<name>/job.json (+ media) here; results appear under outgoing/<name>/',
    });
    new CfnOutput(this, 'StateMachineArn', {
      value: this.pipeline.stateMachine.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'SamplerEndpointName', { value: this.sampler.endpointName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.pipeline.alarms.topic.topicArn });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL; routes under v1/' });
    for (const [tenant, key] of Object.entries(this.api.apiKeys)) {
      new CfnOutput(this, `ApiKeyId${tenant.replace(/[^A-Za-z0-9]/g, '')}`, {
        value: key.keyId,
        description: `API key id of tenant ${tenant} (aws apigateway get-api-key --include-value --api-key <id>)`,
      });
    }
  }
}
