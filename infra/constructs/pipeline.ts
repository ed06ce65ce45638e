/**
 * The pipeline around the one state machine:
 *
 *   S3 incoming/<name>/job.json -> ingest -> StartExecution: Think -> Draw -> Publish (| RecordFailure)
 *   Draw:  draw-submit -> InvokeEndpointAsync -> sampler -> SNS success | error -> draw-callback -> SendTask*
 *          draw-sweep, every minute -> SendTaskHeartbeat; answers lost notifications and expired draws
 *
 * Every function gets exactly the S3 key areas, actions and ARNs its handler uses (`grantAccess`);
 * asynchronous sources (S3, SNS) end in one TLS-only dead-letter queue after their retries. The
 * API (issue 8) joins through the storage's bucket, `stateMachine`, `think` and `addManifestSource`.
 */
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MANIFEST_FILE } from '../../core/contracts/job-manifest.js';
import { JOB_LAYOUT } from '../../core/jobs/job-keys.js';
import { bedrockInvokeStatements } from './bedrock-access.js';
import type { GpuSampler } from './gpu-sampler.js';
import { acknowledge, acknowledgeWildcardResources } from './nag.js';
import { PipelineAlarms } from './pipeline-alarms.js';
import { PipelineFunction } from './pipeline-function.js';
import { PipelineStateMachine } from './pipeline-state-machine.js';
import { KEY_PATTERNS, type PipelineStorage } from './pipeline-storage.js';

export const PIPELINE_CONSTRUCT_DEFAULTS = {
  /** @default 'anthropic.claude-3-5-sonnet-20240620-v1:0' (functions/think's own default) */
  bedrockModelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  /** How long a draw request may wait in the endpoint's queue (scale-up from zero included). @default 3600 */
  requestTtlSeconds: 3600,
  /** How long the sampler may work on one request. @default 900 */
  invocationTimeoutSeconds: 900,
  /** How often draw-sweep heartbeats pending draws and recovers lost notifications. @default 1 minute */
  sweepInterval: Duration.minutes(1),
  /** Retries of an asynchronous invocation before the dead-letter queue. @default 2 */
  asyncRetryAttempts: 2,
} as const;

export interface PipelineProps {
  readonly storage: PipelineStorage;
  readonly sampler: GpuSampler;
  /** Model id, inference-profile id or ARN for the think stage. @default PIPELINE_CONSTRUCT_DEFAULTS.bedrockModelId */
  readonly bedrockModelId?: string;
  /** @default PIPELINE_CONSTRUCT_DEFAULTS.requestTtlSeconds */
  readonly requestTtlSeconds?: number;
  /** @default PIPELINE_CONSTRUCT_DEFAULTS.invocationTimeoutSeconds */
  readonly invocationTimeoutSeconds?: number;
  /** The Draw task's TimeoutSeconds; at least requestTtl + invocationTimeout. @default PIPELINE_DEFAULTS.DrawTimeoutSeconds */
  readonly drawTimeoutSeconds?: number;
  /** @default PIPELINE_DEFAULTS.DrawHeartbeatSeconds */
  readonly drawHeartbeatSeconds?: number;
  /** @default none */
  readonly alarmEmail?: string;
  /** Of log groups. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class Pipeline extends Construct {
  readonly ingest: PipelineFunction;
  readonly think: PipelineFunction;
  readonly drawSubmit: PipelineFunction;
  readonly drawCallback: PipelineFunction;
  readonly drawSweep: PipelineFunction;
  readonly publish: PipelineFunction;
  readonly publishFailure: PipelineFunction;
  readonly stateMachine: PipelineStateMachine;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarms: PipelineAlarms;
  readonly #storage: PipelineStorage;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { storage, sampler } = props;
    this.#storage = storage;
    const requestTtlSeconds = props.requestTtlSeconds ?? PIPELINE_CONSTRUCT_DEFAULTS.requestTtlSeconds;
    const invocationTimeoutSeconds =
      props.invocationTimeoutSeconds ?? PIPELINE_CONSTRUCT_DEFAULTS.invocationTimeoutSeconds;
    if (
      props.drawTimeoutSeconds !== undefined &&
      props.drawTimeoutSeconds < requestTtlSeconds + invocationTimeoutSeconds
    )
      throw new Error('drawTimeoutSeconds must be at least requestTtlSeconds + invocationTimeoutSeconds');

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter destination (Lambda on-failure destination and SNS ' +
        'subscription DLQ) of ingest and draw-callback; a dead-letter queue of it would have no producer.',
    );
    const onFailure = new lambdaDestinations.SqsDestination(this.deadLetterQueue);
    const bucketEnv = { BUCKET_NAME: storage.bucket.bucketName };
    const fn = (fid: string, props2: ConstructorParameters<typeof PipelineFunction>[2]) =>
      new PipelineFunction(this, fid, { removalPolicy: props.removalPolicy, ...props2 });

    this.think = fn('Think', {
      entryName: 'think',
      serviceName: 'think',
      description: 'Think: emotion text -> expression plan (Bedrock), stored under jobs/<jobId>/',
      timeout: Duration.minutes(5),
      environment: {
        ...bucketEnv,
        TBD_REASONER: 'bedrock',
        BEDROCK_MODEL_ID: props.bedrockModelId ?? PIPELINE_CONSTRUCT_DEFAULTS.bedrockModelId,
      },
    });
    this.drawSubmit = fn('DrawSubmit', {
      entryName: 'draw-submit',
      serviceName: 'draw-submit',
      description: 'Draw: stores the DrawRequest and the task token, calls InvokeEndpointAsync',
      environment: {
        ...bucketEnv,
        ENDPOINT_NAME: sampler.endpointName,
        REQUEST_TTL_SECONDS: String(requestTtlSeconds),
        INVOCATION_TIMEOUT_SECONDS: String(invocationTimeoutSeconds),
      },
    });
    this.publish = fn('Publish', {
      entryName: 'publish',
      serviceName: 'publish',
      description: 'Publish: verifies the MP4, copies the outputs to outgoing/<name>/, result.json last',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: bucketEnv,
    });
    this.publishFailure = fn('PublishFailure', {
      entryName: 'publish',
      handler: 'failureHandler',
      serviceName: 'publish-failure',
      description: 'RecordFailure: outgoing/<name>/error.json and a failed status',
      timeout: Duration.minutes(2),
      environment: bucketEnv,
    });

    this.stateMachine = new PipelineStateMachine(this, 'StateMachine', {
      functions: {
        ThinkFunctionArn: this.think.function,
        DrawSubmitFunctionArn: this.drawSubmit.function,
        PublishFunctionArn: this.publish.function,
        PublishFailureFunctionArn: this.publishFailure.function,
      },
      drawTimeoutSeconds: props.drawTimeoutSeconds,
      drawHeartbeatSeconds: props.drawHeartbeatSeconds,
      removalPolicy: props.removalPolicy,
    });
    const machine = this.stateMachine.stateMachine;

    this.ingest = fn('Ingest', {
      entryName: 'ingest',
      serviceName: 'ingest',
      description: 'Ingest: validates incoming/<name>/job.json and its media, starts the job once',
      timeout: Duration.minutes(1),
      retryAttempts: PIPELINE_CONSTRUCT_DEFAULTS.asyncRetryAttempts,
      onFailure,
      environment: { ...bucketEnv, STATE_MACHINE_ARN: machine.stateMachineArn },
    });
    this.drawCallback = fn('DrawCallback', {
      entryName: 'draw-callback',
      serviceName: 'draw-callback',
      description: "Draw callback: the sampler's SNS notifications -> SendTaskSuccess / SendTaskFailure",
      retryAttempts: PIPELINE_CONSTRUCT_DEFAULTS.asyncRetryAttempts,
      onFailure,
      environment: bucketEnv,
    });
    this.drawSweep = fn('DrawSweep', {
      entryName: 'draw-callback',
      handler: 'sweepHandler',
      serviceName: 'draw-sweep',
      description: 'Draw sweep: heartbeats pending draws, answers lost notifications and expired draws',
      timeout: Duration.minutes(1),
      retryAttempts: 0, // the next tick is the retry
      environment: bucketEnv,
    });

    this.wireSources(sampler);
    this.grantAccess(props);

    this.alarms = new PipelineAlarms(this, 'Alarms', {
      stateMachine: machine,
      deadLetterQueue: this.deadLetterQueue,
      email: props.alarmEmail,
    });
  }

  /**
   * Starts jobs from manifests under another prefix too (the API's `tenants/`, issue 8). The
   * suffix filter keeps outputs out: no output file is named job.json.
   */
  addManifestSource(prefix: string): void {
    const { bucket } = this.#storage;
    bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(this.ingest.function),
      {
        prefix,
        suffix: MANIFEST_FILE,
      },
    );
    const handler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (handler) {
      acknowledge(
        handler,
        'IAM4',
        "CDK's BucketNotificationsHandler (a deploy-time custom resource that only calls " +
          's3:PutBucketNotification) is given AWSLambdaBasicExecutionRole by CDK itself, for its logs.',
        'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      );
    }
  }

  private wireSources(sampler: GpuSampler): void {
    this.addManifestSource(JOB_LAYOUT.incoming);

    for (const topic of [sampler.successTopic, sampler.errorTopic]) {
      topic.addSubscription(
        new snsSubscriptions.LambdaSubscription(this.drawCallback.function, {
          deadLetterQueue: this.deadLetterQueue,
        }),
      );
    }

    new events.Rule(this, 'SweepSchedule', {
      description: 'draw-sweep: heartbeats of pending draws',
      schedule: events.Schedule.rate(PIPELINE_CONSTRUCT_DEFAULTS.sweepInterval),
      targets: [new eventTargets.LambdaFunction(this.drawSweep.function, { retryAttempts: 0 })],
    });
  }

  private grantAccess(props: PipelineProps): void {
    const { incoming, outgoing, jobs, tokens } = KEY_PATTERNS;
    const machine = this.stateMachine.stateMachine;

    this.#storage.grantKeyAreas(this.ingest.role, {
      get: [...incoming, ...jobs],
      put: [...jobs, ...outgoing],
      delete: outgoing,
    });
    this.allow(this.ingest, 'StartJob', ['states:StartExecution'], [machine.stateMachineArn]);

    this.#storage.grantKeyAreas(this.think.role, { put: jobs });
    const bedrock = bedrockInvokeStatements(
      this,
      props.bedrockModelId ?? PIPELINE_CONSTRUCT_DEFAULTS.bedrockModelId,
    );
    for (const statement of bedrock.statements) this.think.role.addToPolicy(statement);
    acknowledgeWildcardResources(
      this.think.role,
      bedrock.wildcardResources,
      'A cross-region inference profile routes to the same foundation model in regions Bedrock picks; ' +
        'the statement is limited to that one model and, by the bedrock:InferenceProfileArn condition, ' +
        'to calls through the configured profile.',
    );

    this.#storage.grantKeyAreas(this.drawSubmit.role, { get: jobs, put: jobs });
    this.allow(
      this.drawSubmit,
      'InvokeSampler',
      ['sagemaker:InvokeEndpointAsync'],
      [props.sampler.endpointArn],
    );

    for (const callback of [this.drawCallback, this.drawSweep]) {
      this.#storage.grantKeyAreas(callback.role, { get: jobs, delete: tokens });
      machine.grantTaskResponse(callback.role);
    }

    this.#storage.grantKeyAreas(this.publish.role, {
      get: jobs,
      put: [...jobs, ...outgoing],
      delete: outgoing,
    });
    this.#storage.grantKeyAreas(this.publishFailure.role, {
      get: jobs,
      put: [...jobs, ...outgoing],
      delete: outgoing,
    });
  }

  private allow(target: PipelineFunction, sid: string, actions: string[], resources: string[]): void {
    target.role.addToPolicy(new iam.PolicyStatement({ sid, actions, resources }));
  }
}
