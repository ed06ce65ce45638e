/**
 * The deployment's settings: defaults in one place (`INFRA_DEFAULTS`), overridden by CDK context
 * (`cdk deploy -c samplerMaxInstances=4`, or the `context` block of cdk.json). Parsed with zod,
 * so a bad value stops the synth with the key's name and what it accepts.
 *
 * Context keys (all optional):
 *   stackName            name of the one stack                       @default 'ThinkBeforeDraw'
 *   bedrockModelId       model id, inference-profile id or ARN        @default the think Lambda's default
 *   samplerInstanceType  SageMaker instance type of the GPU sampler   @default 'ml.g5.xlarge'
 *   samplerMaxInstances  scale-out limit (the minimum is always 0)    @default 2
 *   modelDataUrl         s3://… model.tar.gz of a learned denoiser    @default none: the image's motion prior
 *   alarmEmail           address subscribed to the alarm topic        @default none
 *   retainData           keep the buckets when the stack is deleted   @default true
 *   apiTenants           comma-separated tenant ids, one API key each  @default 'default'
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { GPU_SAMPLER_DEFAULTS } from './constructs/gpu-sampler.js';
import { PIPELINE_CONSTRUCT_DEFAULTS } from './constructs/pipeline.js';

export const INFRA_DEFAULTS = {
  /** @default 'ThinkBeforeDraw' */
  stackName: 'ThinkBeforeDraw',
  /**
   * The think Lambda's own default (functions/think/bedrock-reasoner.ts BEDROCK_DEFAULTS.modelId);
   * IAM is scoped to exactly this model, so the two must agree. @default 'anthropic.claude-3-5-sonnet-20240620-v1:0'
   */
  bedrockModelId: PIPELINE_CONSTRUCT_DEFAULTS.bedrockModelId,
  /** One NVIDIA A10G, 4 vCPU, 16 GiB. @default 'ml.g5.xlarge' */
  samplerInstanceType: GPU_SAMPLER_DEFAULTS.instanceType,
  /** @default 2 */
  samplerMaxInstances: GPU_SAMPLER_DEFAULTS.maxInstances,
  /** @default true */
  retainData: true,
  /** Tenants of the /v1 API, one API key and usage plan each. @default 'default' */
  apiTenants: 'default',
} as const;

/**
 * Feature flags the constructs rely on (mirrored in cdk.json; passed to `new App` by app.ts and the
 * tests so a template never depends on where it was synthesized).
 */
export const FEATURE_FLAGS = {
  /** Server access logs are delivered by a bucket policy for logging.s3.amazonaws.com, not by an ACL. */
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  /** One merged statement per action set and resource list. */
  '@aws-cdk/aws-iam:minimizePolicies': true,
} as const;

const S3_URL = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/;

const ContextSchema = z.object({
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,100}$/, 'must be a CloudFormation stack name')
    .default(INFRA_DEFAULTS.stackName),
  bedrockModelId: z.string().min(1).default(INFRA_DEFAULTS.bedrockModelId),
  samplerInstanceType: z
    .string()
    .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, 'must be a SageMaker instance type such as ml.g5.xlarge')
    .default(INFRA_DEFAULTS.samplerInstanceType),
  samplerMaxInstances: z.coerce.number().int().min(1).max(100).default(INFRA_DEFAULTS.samplerMaxInstances),
  modelDataUrl: z.string().regex(S3_URL, 'must be an s3://bucket/key URL of a model.tar.gz').optional(),
  alarmEmail: z.email().optional(),
  retainData: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(INFRA_DEFAULTS.retainData),
  apiTenants: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}(,[a-z0-9][a-z0-9-]{0,62})*$/,
      'must be comma-separated tenant ids (a-z, 0-9, -)',
    )
    .default(INFRA_DEFAULTS.apiTenants),
});

export interface InfraConfig {
  readonly stackName: string;
  readonly bedrockModelId: string;
  readonly samplerInstanceType: string;
  readonly samplerMaxInstances: number;
  readonly modelDataUrl?: string;
  readonly alarmEmail?: string;
  /** What happens to the buckets when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
  /** Comma-separated tenant ids of the /v1 API. */
  readonly apiTenants: string;
}

export class InfraConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InfraConfigError';
  }
}

/** Context keys this app reads. */
export const CONTEXT_KEYS = Object.keys(ContextSchema.shape) as (keyof typeof ContextSchema.shape)[];

/** The configuration from `scope`'s context (blank values count as unset). */
export function readInfraConfig(scope: Construct): InfraConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value: unknown = scope.node.tryGetContext(key);
    if (value !== undefined && value !== null && value !== '') raw[key] = value;
  }
  const result = ContextSchema.safeParse(raw);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InfraConfigError(`invalid CDK context: ${fields}`, { cause: result.error });
  }
  const { retainData, ...rest } = result.data;
  return { ...rest, removalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY };
}
