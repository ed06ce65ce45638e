import { App, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { SAGEMAKER_INFERENCE_DEFAULTS } from '../../functions/draw-submit/sagemaker-inference.js';
import { BEDROCK_DEFAULTS } from '../../functions/think/bedrock-reasoner.js';
import { INFRA_DEFAULTS, InfraConfigError, readInfraConfig } from '../../infra/config.js';
import { PIPELINE_CONSTRUCT_DEFAULTS } from '../../infra/constructs/pipeline.js';

describe('readInfraConfig', () => {
  it('defaults to the documented values and retains data', () => {
    // Act
    const config = readInfraConfig(new App());

    // Assess
    expect(config).toEqual({
      stackName: 'ThinkBeforeDraw',
      bedrockModelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      samplerInstanceType: 'ml.g5.xlarge',
      samplerMaxInstances: 2,
      removalPolicy: RemovalPolicy.RETAIN,
      apiTenants: 'default',
    });
  });

  it('reads context, strings included as `cdk -c key=value` passes them', () => {
    // Prepare
    const app = new App({
      context: {
        stackName: 'Tbd-Dev',
        samplerMaxInstances: '5',
        samplerInstanceType: 'ml.g6.xlarge',
        modelDataUrl: 's3://models/prior/model.tar.gz',
        alarmEmail: 'ops@example.com',
        retainData: 'false',
      },
    });

    // Act
    const config = readInfraConfig(app);

    // Assess
    expect(config).toMatchObject({
      stackName: 'Tbd-Dev',
      samplerMaxInstances: 5,
      samplerInstanceType: 'ml.g6.xlarge',
      modelDataUrl: 's3://models/prior/model.tar.gz',
      alarmEmail: 'ops@example.com',
      removalPolicy: RemovalPolicy.DESTROY,
    });
  });

  it('names every bad key', () => {
    // Prepare
    const app = new App({
      context: { samplerMaxInstances: '0', modelDataUrl: 'https://x/y', alarmEmail: 'nope' },
    });

    // Act + Assess
    expect(() => readInfraConfig(app)).toThrow(InfraConfigError);
    expect(() => readInfraConfig(app)).toThrow(/samplerMaxInstances.*modelDataUrl.*alarmEmail/);
  });

  it("agrees with the handlers' own defaults, so IAM scopes what the code calls", () => {
    expect(INFRA_DEFAULTS.bedrockModelId).toBe(BEDROCK_DEFAULTS.modelId);
    expect(PIPELINE_CONSTRUCT_DEFAULTS.requestTtlSeconds).toBe(
      SAGEMAKER_INFERENCE_DEFAULTS.requestTtlSeconds,
    );
    expect(PIPELINE_CONSTRUCT_DEFAULTS.invocationTimeoutSeconds).toBe(
      SAGEMAKER_INFERENCE_DEFAULTS.invocationTimeoutSeconds,
    );
  });
});
