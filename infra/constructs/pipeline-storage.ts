/**
 * The pipeline's storage: one data bucket with the layout of core/jobs/job-keys.ts (the same keys
 * as the local stack), and a bucket for its server access logs.
 *
 *   incoming/<name>/job.json + media      inputs: written by users, only ever read by the pipeline
 *   jobs/<jobId>/…, jobs/_tokens/, jobs/_inference/   work files, expired after `workFileDays`
 *   outgoing/<name>/…                     outputs: video.mp4, plan.json, preview.png, result.json | error.json
 *   tenants/<tenant>/{incoming,outgoing}/ the same for API jobs (issue 8)
 *
 * Only `incoming/…/job.json` starts a job (the notification filter lives in the pipeline construct);
 * no writer of the pipeline ever writes under `incoming/`, so an output can never retrigger ingest.
 *
 * Secure by default: public access blocked, TLS-only bucket policies, SSE-S3 encryption (KMS keys
 * would have to be granted to SageMaker and every Lambda for no gain in this threat model),
 * versioning (an overwritten or deleted output can be recovered for `noncurrentVersionDays`), and
 * server access logs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { JOB_LAYOUT } from '../../core/jobs/job-keys.js';
import { acknowledgeWildcardResources } from './nag.js';

export const PIPELINE_STORAGE_DEFAULTS = {
  /** Days after which work files under `jobs/` expire. @default 14 */
  workFileDays: 14,
  /** Days a noncurrent (overwritten or deleted) object version is kept. @default 30 */
  noncurrentVersionDays: 30,
  /** Days after which an unfinished multipart upload is aborted. @default 7 */
  incompleteUploadDays: 7,
  /** Days server access logs are kept. @default 365 */
  accessLogDays: 365,
} as const;

export interface PipelineStorageProps {
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** @default PIPELINE_STORAGE_DEFAULTS.workFileDays */
  readonly workFileDays?: number;
  /** @default PIPELINE_STORAGE_DEFAULTS.noncurrentVersionDays */
  readonly noncurrentVersionDays?: number;
  /** @default PIPELINE_STORAGE_DEFAULTS.accessLogDays */
  readonly accessLogDays?: number;
}

/** Key patterns (for IAM resources) of the layout's areas, root and tenant jobs alike. */
export const KEY_PATTERNS = {
  incoming: [`${JOB_LAYOUT.incoming}*`, `${JOB_LAYOUT.tenants}*/${JOB_LAYOUT.incoming}*`],
  outgoing: [`${JOB_LAYOUT.outgoing}*`, `${JOB_LAYOUT.tenants}*/${JOB_LAYOUT.outgoing}*`],
  jobs: [`${JOB_LAYOUT.jobs}*`],
  tokens: [`${JOB_LAYOUT.tokens}*`],
} as const;

export class PipelineStorage extends Construct {
  /** incoming/, jobs/, outgoing/, tenants/: the bucket every handler calls BUCKET_NAME. */
  readonly bucket: s3.Bucket;
  /** Server access logs of `bucket`. */
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PipelineStorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED, // the only encryption S3 log delivery supports
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.accessLogDays ?? PIPELINE_STORAGE_DEFAULTS.accessLogDays),
        },
      ],
    });
    this.bucket = new s3.Bucket(this, 'Data', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'data/',
      removalPolicy,
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          id: 'expire-work-files',
          prefix: JOB_LAYOUT.jobs,
          expiration: Duration.days(props.workFileDays ?? PIPELINE_STORAGE_DEFAULTS.workFileDays),
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(
            props.noncurrentVersionDays ?? PIPELINE_STORAGE_DEFAULTS.noncurrentVersionDays,
          ),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(PIPELINE_STORAGE_DEFAULTS.incompleteUploadDays),
        },
      ],
    });
  }

  /** ARNs of the objects under the given key patterns. */
  objectArns(patterns: readonly string[]): string[] {
    return patterns.map((pattern) => this.bucket.arnForObjects(pattern));
  }

  /**
   * Exactly these object actions on these key areas (no `s3:*`, no `GetObject*`), plus
   * `s3:ListBucket` for readers, so that a missing key reads as 404 and not 403 (the handlers
   * treat "not found" as a state, e.g. a job without a status record yet).
   */
  grantKeyAreas(role: iam.Role, areas: KeyAreaGrant): void {
    const wildcards: string[] = [];
    const allow = (sid: string, action: string, patterns: readonly string[] | undefined) => {
      if (!patterns || patterns.length === 0) return;
      const resources = this.objectArns(patterns);
      wildcards.push(...resources);
      role.addToPolicy(new iam.PolicyStatement({ sid, actions: [action], resources }));
    };
    allow('ReadObjects', 's3:GetObject', areas.get);
    allow('WriteObjects', 's3:PutObject', areas.put);
    allow('DeleteObjects', 's3:DeleteObject', areas.delete);
    if (areas.get)
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'MissingObjectsAre404',
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
        }),
      );
    acknowledgeWildcardResources(
      role,
      wildcards,
      'Scoped to the key areas of the storage layout this principal uses (core/jobs/job-keys.ts); the ' +
        'job names and ids below them are only known at run time.',
    );
  }
}

/** Key patterns (KEY_PATTERNS) a principal may read, write and delete. */
export interface KeyAreaGrant {
  readonly get?: readonly string[];
  readonly put?: readonly string[];
  readonly delete?: readonly string[];
}
