/**
 * The Draw stage in AWS: the container of containers/gpu-sampler/ behind a SageMaker
 * *asynchronous* endpoint. draw-submit calls InvokeEndpointAsync with the DrawRequest's S3 URI;
 * the endpoint queues it, runs it, writes the DrawResult under `asyncOutputPrefix` (or the error
 * under `asyncFailurePrefix`) and publishes a notification to `successTopic` or `errorTopic`,
 * which draw-callback turns into SendTaskSuccess / SendTaskFailure.
 *
 * The image is a DockerImageAsset: `cdk synth` only stages its context (the allow-list of
 * Dockerfile.dockerignore); Docker builds and pushes it at `cdk deploy`.
 * Scaling (0..maxInstances) lives in sampler-scaling.ts.
 */
import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { JOB_LAYOUT } from '../../core/jobs/job-keys.js';
import { acknowledge, acknowledgeWildcardResources } from './nag.js';
import { KEY_PATTERNS, type PipelineStorage } from './pipeline-storage.js';
import { dockerContextExcludes, REPO_ROOT } from './repo-paths.js';
import { SamplerScaling } from './sampler-scaling.js';

export const GPU_SAMPLER_DEFAULTS = {
  /** @default 'ml.g5.xlarge' */
  instanceType: 'ml.g5.xlarge',
  /** @default 2 */
  maxInstances: 2,
  /** Requests one instance works on at once (the container draws one job per GPU). @default 1 */
  maxConcurrentInvocationsPerInstance: 1,
  /** Where SageMaker writes DrawResults (under jobs/, so they expire with the work files). @default 'jobs/_inference/output/' */
  asyncOutputPrefix: `${JOB_LAYOUT.jobs}_inference/output/`,
  /** Where SageMaker writes error bodies. @default 'jobs/_inference/failure/' */
  asyncFailurePrefix: `${JOB_LAYOUT.jobs}_inference/failure/`,
  /** Time to pull the image and pass /ping (human's and onnxruntime's start). @default 600 */
  startupHealthCheckTimeoutSeconds: 600,
  /** @default 'AllTraffic' */
  variantName: 'AllTraffic',
} as const;

/** The sampler's Dockerfile, relative to its build context: the repository root. */
const DOCKERFILE = 'containers/gpu-sampler/Dockerfile';

export interface GpuSamplerProps {
  readonly storage: PipelineStorage;
  /** @default GPU_SAMPLER_DEFAULTS.instanceType */
  readonly instanceType?: string;
  /** @default GPU_SAMPLER_DEFAULTS.maxInstances */
  readonly maxInstances?: number;
  /**
   * `s3://bucket/key/model.tar.gz` of a learned denoiser (model.onnx + model.json); SageMaker
   * unpacks it to /opt/ml/model, where it replaces the image's analytic motion prior.
   * @default none: the motion prior built into the image
   */
  readonly modelDataUrl?: string;
  /**
   * The endpoint's name (lower case, as SageMaker ARNs spell it, so IAM can name the endpoint).
   * The default names the instance type too: SageMaker refuses to change the instance type of an
   * auto-scaled variant in place, so a new type makes CloudFormation create a new endpoint (and
   * scalable target) and then delete the old ones.
   * @default `<stack name>-sampler-<instance type>`, e.g. `thinkbeforedraw-sampler-g5-xlarge`
   */
  readonly endpointName?: string;
  /** @default GPU_SAMPLER_DEFAULTS.maxConcurrentInvocationsPerInstance */
  readonly maxConcurrentInvocationsPerInstance?: number;
}

/** `s3://bucket/key` -> the object's ARN. */
function s3UrlToArn(scope: Construct, url: string): string {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new Error(`modelDataUrl must be s3://bucket/key, got ${url}`);
  return Stack.of(scope).formatArn({
    service: 's3',
    region: '',
    account: '',
    resource: match[1]!,
    resourceName: match[2]!,
  });
}

/** `<stack>-sampler-<type>`: lower case, at most 63 characters, e.g. `thinkbeforedraw-sampler-g5-xlarge`. */
export function defaultEndpointName(stackName: string, instanceType: string): string {
  const suffix = `-sampler-${instanceType.replace(/^ml\./, '').replace(/[^a-z0-9]+/gi, '-')}`.toLowerCase();
  const base = stackName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 63 - suffix.length)
    .replace(/-+$/, '');
  return `${base}${suffix}`;
}

export class GpuSampler extends Construct {
  readonly endpointName: string;
  readonly endpointArn: string;
  readonly successTopic: sns.Topic;
  readonly errorTopic: sns.Topic;
  readonly role: iam.Role;
  readonly image: ecrAssets.DockerImageAsset;
  readonly model: sagemaker.CfnModel;
  readonly endpointConfig: sagemaker.CfnEndpointConfig;
  readonly endpoint: sagemaker.CfnEndpoint;
  readonly scaling: SamplerScaling;

  constructor(scope: Construct, id: string, props: GpuSamplerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { bucket } = props.storage;
    const instanceType = props.instanceType ?? GPU_SAMPLER_DEFAULTS.instanceType;
    this.endpointName = props.endpointName ?? defaultEndpointName(stack.stackName, instanceType);
    if (!/^[a-z0-9](-*[a-z0-9]){0,62}$/.test(this.endpointName))
      throw new Error(`endpoint name ${this.endpointName} is not a valid SageMaker endpoint name`);
    this.endpointArn = stack.formatArn({
      service: 'sagemaker',
      resource: 'endpoint',
      resourceName: this.endpointName,
    });

    this.image = new ecrAssets.DockerImageAsset(this, 'Image', {
      directory: REPO_ROOT,
      file: DOCKERFILE,
      platform: ecrAssets.Platform.LINUX_AMD64,
      exclude: dockerContextExcludes(DOCKERFILE),
    });

    this.successTopic = new sns.Topic(this, 'SuccessTopic', {
      displayName: 'GPU sampler: inference completed',
      enforceSSL: true,
    });
    this.errorTopic = new sns.Topic(this, 'ErrorTopic', {
      displayName: 'GPU sampler: inference failed',
      enforceSSL: true,
    });

    this.role = this.createRole(props);

    this.model = new sagemaker.CfnModel(this, 'Model', {
      executionRoleArn: this.role.roleArn,
      primaryContainer: {
        image: this.image.imageUri,
        ...(props.modelDataUrl ? { modelDataUrl: props.modelDataUrl } : {}),
        environment: { AWS_REGION: Aws.REGION },
      },
    });
    this.model.node.addDependency(this.role);

    const variantName = GPU_SAMPLER_DEFAULTS.variantName;
    this.endpointConfig = new sagemaker.CfnEndpointConfig(this, 'EndpointConfig', {
      productionVariants: [
        {
          variantName,
          modelName: this.model.attrModelName,
          instanceType,
          initialInstanceCount: 1,
          initialVariantWeight: 1,
          containerStartupHealthCheckTimeoutInSeconds: GPU_SAMPLER_DEFAULTS.startupHealthCheckTimeoutSeconds,
        },
      ],
      asyncInferenceConfig: {
        clientConfig: {
          maxConcurrentInvocationsPerInstance:
            props.maxConcurrentInvocationsPerInstance ??
            GPU_SAMPLER_DEFAULTS.maxConcurrentInvocationsPerInstance,
        },
        outputConfig: {
          s3OutputPath: bucket.s3UrlForObject(GPU_SAMPLER_DEFAULTS.asyncOutputPrefix),
          s3FailurePath: bucket.s3UrlForObject(GPU_SAMPLER_DEFAULTS.asyncFailurePrefix),
          notificationConfig: {
            successTopic: this.successTopic.topicArn,
            errorTopic: this.errorTopic.topicArn,
          },
        },
      },
    });

    this.endpoint = new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointName: this.endpointName,
      endpointConfigName: this.endpointConfig.attrEndpointConfigName,
      // A redeploy keeps the instance count the autoscaler set (0 when idle) instead of resetting
      // it to the config's initial count, so a deploy does not wake a GPU.
      retainAllVariantProperties: true,
    });

    this.scaling = new SamplerScaling(this, 'Scaling', {
      endpoint: this.endpoint,
      endpointName: this.endpointName,
      variantName,
      maxInstances: props.maxInstances ?? GPU_SAMPLER_DEFAULTS.maxInstances,
    });
  }

  private createRole(props: GpuSamplerProps): iam.Role {
    const stack = Stack.of(this);
    const { storage } = props;
    const role = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'GPU sampler endpoint: pull its image, read job inputs, write draw outputs, notify',
    });

    this.image.repository.grantPull(role);
    acknowledge(
      role,
      'IAM5',
      'ecr:GetAuthorizationToken supports no resource-level permissions; the image pull itself is ' +
        'scoped to the asset repository.',
      'Resource::*',
    );

    storage.grantKeyAreas(role, {
      get: [...KEY_PATTERNS.incoming, ...KEY_PATTERNS.jobs],
      put: KEY_PATTERNS.jobs,
    });

    if (props.modelDataUrl)
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ReadModelData',
          actions: ['s3:GetObject'],
          resources: [s3UrlToArn(this, props.modelDataUrl)],
        }),
      );

    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Notify',
        actions: ['sns:Publish'],
        resources: [this.successTopic.topicArn, this.errorTopic.topicArn],
      }),
    );

    const logGroupArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `/aws/sagemaker/Endpoints/${this.endpointName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EndpointLogs',
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:DescribeLogStreams',
        ],
        resources: [logGroupArn],
      }),
    );
    acknowledgeWildcardResources(
      role,
      [logGroupArn],
      'SageMaker names the streams of the endpoint log group after its instances; the group itself ' +
        'is named after this endpoint.',
    );
    return role;
  }
}
