/**
 * The Lambda of POST /v1/preview: functions/api/preview-handler.ts in the container image of
 * containers/gpu-sampler/Dockerfile.preview (the Draw stage's renderer with sharp's libvips and
 * @vladmandic/human's wasm backend and models from node_modules, which an esbuild zip bundle
 * cannot carry), ARM64, with its own role (its log group and X-Ray, nothing else until granted),
 * its own log group with a retention, JSON logs and active X-Ray tracing, like PipelineFunction.
 *
 * The image is a DockerImageAsset: `cdk synth` only stages its context (the allow-list of
 * Dockerfile.preview.dockerignore); Docker builds it for linux/arm64 and pushes it at `cdk deploy`.
 *
 * Sizing, from the preview renderer on one core (examples/portrait-astronaut.png, 384 px): the
 * first preview of a portrait ~1.4 s (human's models and the face analysis ~1.0 s, the renderer
 * set-up ~0.4 s), the next ones 12-35 ms; 1024 px (the API's largest) ~1.3 s new, ~170 ms warm;
 * peak RSS ~320 MiB. The work is single-threaded (wasm, typed arrays), and Lambda gives a
 * function one full vCPU at 1769 MB: less memory slows every step in proportion, more buys
 * nothing. The timeout is API Gateway's integration limit, as POST /v1/think's: a preview from an
 * `emotion` runs the Bedrock reasoner first.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionIdentity } from './function-identity.js';
import { dockerContextExcludes, REPO_ROOT } from './repo-paths.js';

export const PREVIEW_FUNCTION_DEFAULTS = {
  /** One full vCPU (the renderer is single-threaded); ~320 MiB are used. @default 1769 */
  memorySize: 1769,
  /** API Gateway's integration limit (an `emotion` runs Bedrock first). @default 29 s */
  timeout: Duration.seconds(29),
  /** sharp and tfjs-wasm ship linux-arm64 builds; the base image is multi-arch. @default Architecture.ARM_64 */
  architecture: lambda.Architecture.ARM_64,
  /** @default one month */
  logRetention: logs.RetentionDays.ONE_MONTH,
} as const;

/** The image's Dockerfile, relative to its build context: the repository root. */
export const PREVIEW_DOCKERFILE = 'containers/gpu-sampler/Dockerfile.preview';

export interface PreviewFunctionProps {
  readonly description: string;
  /** Powertools' `service` key of every log line. */
  readonly serviceName: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** @default PREVIEW_FUNCTION_DEFAULTS.memorySize */
  readonly memorySize?: number;
  /** @default PREVIEW_FUNCTION_DEFAULTS.timeout */
  readonly timeout?: Duration;
  /** @default PREVIEW_FUNCTION_DEFAULTS.logRetention */
  readonly logRetention?: logs.RetentionDays;
  /** Of the log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class PreviewFunction extends Construct {
  readonly function: lambda.DockerImageFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PreviewFunctionProps) {
    super(scope, id);
    const identity = functionIdentity(this, {
      serviceName: props.serviceName,
      logRetention: props.logRetention ?? PREVIEW_FUNCTION_DEFAULTS.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.environment ? { environment: props.environment } : {}),
    });
    this.role = identity.role;
    this.logGroup = identity.logGroup;

    this.function = new lambda.DockerImageFunction(this, 'Function', {
      code: lambda.DockerImageCode.fromImageAsset(REPO_ROOT, {
        file: PREVIEW_DOCKERFILE,
        platform: ecrAssets.Platform.LINUX_ARM64,
        exclude: dockerContextExcludes(PREVIEW_DOCKERFILE),
      }),
      description: props.description,
      architecture: PREVIEW_FUNCTION_DEFAULTS.architecture,
      memorySize: props.memorySize ?? PREVIEW_FUNCTION_DEFAULTS.memorySize,
      timeout: props.timeout ?? PREVIEW_FUNCTION_DEFAULTS.timeout,
      ...identity.functionProps,
    });
  }
}
