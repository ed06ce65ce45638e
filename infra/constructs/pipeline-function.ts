/**
 * One Lambda of the pipeline: `functions/<name>/handler.ts` bundled by the local esbuild (never
 * Docker) into an ES module, on the current Node LTS for ARM64, with its own role (no AWS managed
 * policy: it may write to its own log group and nothing else until granted), its own log group
 * with a retention, JSON logs, and active X-Ray tracing.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionIdentity } from './function-identity.js';
import { functionEntry, REPO_ROOT } from './repo-paths.js';

export const PIPELINE_FUNCTION_DEFAULTS = {
  /** The current Node.js LTS runtime of aws-cdk-lib 2.276. @default Runtime.NODEJS_24_X */
  runtime: lambda.Runtime.NODEJS_24_X,
  /** @default Architecture.ARM_64 */
  architecture: lambda.Architecture.ARM_64,
  /** @default 512 */
  memorySize: 512,
  /** @default 30 s */
  timeout: Duration.seconds(30),
  /** @default one month */
  logRetention: logs.RetentionDays.ONE_MONTH,
  /** Exported name of the handler in handler.ts. @default 'handler' */
  handler: 'handler',
} as const;

/**
 * ESM output needs `require` for the CommonJS dependencies esbuild inlines (the AWS SDK's, middy's
 * node built-ins); the banner defines it from `import.meta.url`.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __tbdCreateRequire } from 'node:module'; const require = __tbdCreateRequire(import.meta.url);";

export interface PipelineFunctionProps {
  /** The folder under functions/ holding handler.ts. */
  readonly entryName: string;
  /** @default PIPELINE_FUNCTION_DEFAULTS.handler */
  readonly handler?: string;
  readonly description: string;
  /** Powertools' `service` key of every log line and metric. */
  readonly serviceName: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** @default PIPELINE_FUNCTION_DEFAULTS.memorySize */
  readonly memorySize?: number;
  /** @default PIPELINE_FUNCTION_DEFAULTS.timeout */
  readonly timeout?: Duration;
  /** Asynchronous invocations only (S3, SNS, EventBridge): retries before the on-failure destination. @default 2 */
  readonly retryAttempts?: number;
  /** Asynchronous invocations only. @default none */
  readonly onFailure?: lambda.IDestination;
  /** @default PIPELINE_FUNCTION_DEFAULTS.logRetention */
  readonly logRetention?: logs.RetentionDays;
  /** Of the log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const identity = functionIdentity(this, {
      serviceName: props.serviceName,
      logRetention: props.logRetention ?? PIPELINE_FUNCTION_DEFAULTS.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.environment ? { environment: props.environment } : {}),
    });
    this.role = identity.role;
    this.logGroup = identity.logGroup;

    this.function = new NodejsFunction(this, 'Function', {
      entry: functionEntry(props.entryName),
      handler: props.handler ?? PIPELINE_FUNCTION_DEFAULTS.handler,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
      description: props.description,
      runtime: PIPELINE_FUNCTION_DEFAULTS.runtime,
      architecture: PIPELINE_FUNCTION_DEFAULTS.architecture,
      memorySize: props.memorySize ?? PIPELINE_FUNCTION_DEFAULTS.memorySize,
      timeout: props.timeout ?? PIPELINE_FUNCTION_DEFAULTS.timeout,
      ...identity.functionProps,
      retryAttempts: props.retryAttempts,
      onFailure: props.onFailure,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // One pinned @aws-sdk version for all clients (DESIGN.md): bundle it rather than rely on
        // whichever SDK the runtime happens to ship.
        externalModules: [],
      },
    });
  }
}
