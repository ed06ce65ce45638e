import { rmSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asArray, iamStatements, type SynthResult, synthStack } from './synth-stack.js';

let synth: SynthResult;
let template: Template;

beforeAll(() => {
  synth = synthStack();
  template = synth.template;
});

afterAll(() => rmSync(synth.outdir, { recursive: true, force: true }));

const dataBucketId = () => synth.stack.getLogicalId(synth.stack.storage.bucket.node.defaultChild as never);
const logBucketId = () =>
  synth.stack.getLogicalId(synth.stack.storage.accessLogBucket.node.defaultChild as never);

describe('storage', () => {
  it('blocks public access and encrypts both buckets', () => {
    // Act
    const buckets = template.findResources('AWS::S3::Bucket');

    // Assess
    expect(Object.keys(buckets)).toHaveLength(2);
    template.allResourcesProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
  });

  it('versions the data bucket, logs its accesses and expires work files and old versions', () => {
    // Act
    const bucket = template.toJSON().Resources[dataBucketId()];

    // Assess
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logBucketId() },
      LogFilePrefix: 'data/',
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'jobs/', ExpirationInDays: 14, Status: 'Enabled' }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
      ]),
    );
  });

  it('retains the buckets by default and lets retainData=false delete them', () => {
    // Prepare
    const destroyable = synthStack({ context: { retainData: 'false' } });

    // Act
    const retained = template.findResources('AWS::S3::Bucket');
    const deleted = destroyable.template.findResources('AWS::S3::Bucket');
    rmSync(destroyable.outdir, { recursive: true, force: true });

    // Assess
    for (const bucket of Object.values(retained)) {
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    for (const bucket of Object.values(deleted)) expect(bucket).toMatchObject({ DeletionPolicy: 'Delete' });
  });

  it('denies every request without TLS on both buckets', () => {
    // Act
    const policies = template.findResources('AWS::S3::BucketPolicy');

    // Assess
    const guarded = Object.values(policies)
      .filter((policy) =>
        policy.Properties.PolicyDocument.Statement.some(
          (s: Record<string, unknown>) =>
            s.Effect === 'Deny' &&
            s.Action === 's3:*' &&
            JSON.stringify(s.Principal) === JSON.stringify({ AWS: '*' }) &&
            JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      )
      .map((policy) => policy.Properties.Bucket.Ref)
      .sort();
    expect(guarded).toEqual([dataBucketId(), logBucketId()].sort());
  });

  it('starts ingest only for job.json under incoming/ (file drops) and tenants/ (API jobs)', () => {
    // Prepare
    const ingest = synth.stack.getLogicalId(synth.stack.pipeline.ingest.function.node.defaultChild as never);

    // Act
    const notifications = template.findResources('Custom::S3BucketNotifications');

    // Assess
    expect(Object.values(notifications)).toHaveLength(1);
    const notification = Object.values(notifications)[0]!;
    expect(notification.Properties.BucketName).toEqual({ Ref: dataBucketId() });
    const configurations = notification.Properties.NotificationConfiguration;
    expect(Object.keys(configurations)).toEqual(['LambdaFunctionConfigurations']);
    expect(configurations.LambdaFunctionConfigurations).toHaveLength(2);
    const prefixes: string[] = [];
    for (const configuration of configurations.LambdaFunctionConfigurations) {
      expect(configuration.Events).toEqual(['s3:ObjectCreated:*']);
      expect(configuration.LambdaFunctionArn).toEqual({ 'Fn::GetAtt': [ingest, 'Arn'] });
      const rules = [...configuration.Filter.Key.FilterRules].sort((a, b) => a.Name.localeCompare(b.Name));
      expect(rules[1]).toEqual({ Name: 'suffix', Value: 'job.json' });
      prefixes.push(rules[0].Value);
    }
    expect(prefixes.sort()).toEqual(['incoming/', 'tenants/']);
  });

  it("lets only the API's start-job route write a manifest, so an output can never retrigger ingest", () => {
    // Prepare: under tenants/*/incoming/ write only POST /v1/jobs (it signs the presigned media
    // uploads, whose policies fix each key) and POST /v1/jobs/{id}/start (the manifest).
    const policyOf = (fn: { role: { node: { tryFindChild(id: string): unknown } } }) =>
      synth.stack.getLogicalId(
        (fn.role.node.tryFindChild('DefaultPolicy') as { node: { defaultChild: never } }).node.defaultChild,
      );
    const apiWriters = [
      policyOf(synth.stack.api.functions.createJob),
      policyOf(synth.stack.api.functions.startJob),
    ];

    // Act
    const writes = iamStatements(template).filter(({ statement }) =>
      asArray(statement.Action).some((action) => action === 's3:PutObject' || action.startsWith('s3:Put')),
    );

    // Assess
    expect(writes.length).toBeGreaterThan(0);
    for (const { policy, statement } of writes) {
      const resources = JSON.stringify(statement.Resource);
      if (apiWriters.includes(policy)) expect(resources).not.toMatch(/"\/incoming\//);
      else expect(resources, policy).not.toContain('incoming/');
    }
  });
});
