/**
 * `bedrock:InvokeModel` (what the Converse API needs) scoped to exactly the configured model:
 *
 * - a foundation-model id (`anthropic.claude-…`): that model in the deployment's region;
 * - a cross-region inference-profile id (`us.`, `eu.`, `apac.`, `global.` + model id): the profile
 *   in this account, plus the underlying foundation model in whichever region the profile routes
 *   to, but only when invoked through that profile (`bedrock:InferenceProfileArn` condition);
 * - an ARN (application inference profile, provisioned throughput, imported model): that ARN.
 *
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** Prefixes of system-defined cross-region inference profiles. */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|ca|jp|au|global)\.(.+)$/;

export type BedrockTarget =
  | { readonly kind: 'model'; readonly modelId: string }
  | { readonly kind: 'profile'; readonly profileId: string; readonly modelId: string }
  | { readonly kind: 'arn'; readonly arn: string };

/** What a configured model id names. */
export function parseBedrockModelId(id: string): BedrockTarget {
  if (id.startsWith('arn:')) return { kind: 'arn', arn: id };
  const profile = PROFILE_PREFIX.exec(id);
  if (profile) return { kind: 'profile', profileId: id, modelId: profile[2]! };
  return { kind: 'model', modelId: id };
}

export interface BedrockStatements {
  readonly statements: iam.PolicyStatement[];
  /** Resource ARNs that contain a wildcard (the cross-region foundation model), for cdk-nag. */
  readonly wildcardResources: string[];
}

/** The statements that let a principal call Converse on `modelId` and nothing else. */
export function bedrockInvokeStatements(scope: Construct, modelId: string): BedrockStatements {
  const stack = Stack.of(scope);
  const target = parseBedrockModelId(modelId);
  const actions = ['bedrock:InvokeModel'];
  const foundationModel = (region: string, id: string) =>
    stack.formatArn({
      service: 'bedrock',
      region,
      account: '',
      resource: 'foundation-model',
      resourceName: id,
    });

  if (target.kind === 'arn') {
    return {
      statements: [new iam.PolicyStatement({ actions, resources: [target.arn] })],
      wildcardResources: [],
    };
  }
  if (target.kind === 'model') {
    return {
      statements: [
        new iam.PolicyStatement({ actions, resources: [foundationModel(stack.region, target.modelId)] }),
      ],
      wildcardResources: [],
    };
  }
  const profileArn = stack.formatArn({
    service: 'bedrock',
    resource: 'inference-profile',
    resourceName: target.profileId,
  });
  const anyRegionModel = foundationModel('*', target.modelId);
  return {
    statements: [
      new iam.PolicyStatement({ sid: 'InvokeThroughProfile', actions, resources: [profileArn] }),
      new iam.PolicyStatement({
        sid: 'InvokeProfileModel',
        actions,
        resources: [anyRegionModel],
        conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
      }),
    ],
    wildcardResources: [anyRegionModel],
  };
}
