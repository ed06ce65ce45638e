import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BEDROCK_DEFAULTS } from '../../../functions/think/bedrock-reasoner.js';
import { ThinkError } from '../../../functions/think/errors.js';
import { createReasonerFor, reasonerConfigFromEnv } from '../../../functions/think/reasoner-for.js';

describe('reasonerConfigFromEnv', () => {
  it('defaults to bedrock with the default model', () => {
    // Act
    const config = reasonerConfigFromEnv({});

    // Assess
    expect(config).toEqual({ reasoner: 'bedrock', modelId: BEDROCK_DEFAULTS.modelId, region: undefined });
  });

  it('reads TBD_REASONER, BEDROCK_MODEL_ID and AWS_REGION', () => {
    // Act
    const config = reasonerConfigFromEnv({
      TBD_REASONER: 'facs',
      BEDROCK_MODEL_ID: 'm',
      AWS_REGION: 'eu-west-1',
    });

    // Assess
    expect(config).toEqual({ reasoner: 'facs', modelId: 'm', region: 'eu-west-1' });
  });

  it('fails the cold start on an unknown reasoner', () => {
    // Act + Assess
    expect(() => reasonerConfigFromEnv({ TBD_REASONER: 'gpt' })).toThrow(ThinkError);
    expect(() => reasonerConfigFromEnv({ TBD_REASONER: 'gpt' })).toThrow(/TBD_REASONER/);
  });
});

describe('createReasonerFor', () => {
  const client = new BedrockRuntimeClient({ region: 'us-east-1' });
  const reasonerFor = createReasonerFor({ reasoner: 'bedrock', modelId: 'default-model' }, client);

  it("picks the configured default, the event's choice and model, and reuses instances", () => {
    // Act
    const byDefault = reasonerFor({});
    const facs = reasonerFor({ reasoner: 'facs' });
    const other = reasonerFor({ reasoner: 'bedrock', modelId: 'other-model' });

    // Assess
    expect(byDefault.id).toBe('bedrock:default-model');
    expect(facs.id).toBe('facs');
    expect(other.id).toBe('bedrock:other-model');
    expect(reasonerFor({})).toBe(byDefault);
  });
});

describe('handler module', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('builds the real handler when BUCKET_NAME is set', async () => {
    // Prepare
    vi.stubEnv('BUCKET_NAME', 'tbd-bucket');
    vi.stubEnv('AWS_REGION', 'us-east-1');

    // Act
    const module = await import('../../../functions/think/handler.js');

    // Assess
    expect(typeof module.handler).toBe('function');
    expect(typeof module.createThinkHandler).toBe('function');
  });

  it('refuses to start without BUCKET_NAME', async () => {
    // Prepare
    vi.stubEnv('BUCKET_NAME', '');

    // Act + Assess
    await expect(import('../../../functions/think/handler.js')).rejects.toThrow(/BUCKET_NAME/);
  });
});
