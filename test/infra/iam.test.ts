import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBedrockModelId } from '../../infra/constructs/bedrock-access.js';
import {
  asArray,
  iamStatements,
  type PolicyStatementJson,
  type SynthResult,
  synthStack,
} from './synth-stack.js';

const outdirs: string[] = [];
let synth: SynthResult;

function synthesize(context: Record<string, unknown> = {}): SynthResult {
  const result = synthStack({ context });
  outdirs.push(result.outdir);
  return result;
}

beforeAll(() => {
  synth = synthesize();
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** A CloudFormation value as readable text: Ref -> <Id>, GetAtt -> <Id.Attr>, Join -> concatenation. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(render).join(',');
  const v = value as Record<string, unknown>;
  if ('Ref' in v) return `<${v.Ref}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in v) {
    const [delimiter, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(delimiter);
  }
  return JSON.stringify(value);
}

/** The statements of one role's policies. */
function statementsOf(
  result: SynthResult,
  role: { node: { defaultChild?: unknown } },
): PolicyStatementJson[] {
  const roleId = result.stack.getLogicalId(role.node.defaultChild as never);
  const policies = result.template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
}

function grants(statements: PolicyStatementJson[], action: string): string[] {
  return statements
    .filter((s) => s.Effect === 'Allow' && asArray(s.Action).includes(action))
    .flatMap((s) => asArray(s.Resource).map(render))
    .sort();
}

/** Actions AWS offers no resource-level permission for; the only statements allowed on "*". */
const RESOURCE_STAR_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'ecr:GetAuthorizationToken',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

describe('IAM', () => {
  it('uses no wildcard action where the resource is known', () => {
    // Act
    const statements = iamStatements(synth.template);

    // Assess
    expect(statements.length).toBeGreaterThan(20);
    for (const { policy, statement } of statements) {
      const wildcards = asArray(statement.Action).filter((action) => action.includes('*'));
      expect(wildcards, `${policy} ${statement.Sid ?? ''}`).toEqual([]);
    }
  });

  it('grants on "*" only the actions that have no resource-level permissions', () => {
    // Act
    const onStar = iamStatements(synth.template).filter(({ statement }) =>
      asArray(statement.Resource).includes('*'),
    );

    // Assess
    for (const { policy, statement } of onStar) {
      for (const action of asArray(statement.Action))
        expect(RESOURCE_STAR_ACTIONS, `${policy}: ${action}`).toContain(action);
    }
  });

  it('gives each function only the key areas its handler uses', () => {
    // Prepare
    const { pipeline } = synth.stack;
    const bucket = `<${synth.stack.getLogicalId(synth.stack.storage.bucket.node.defaultChild as never)}.Arn>`;
    const areas = (...keys: string[]) => keys.map((key) => `${bucket}/${key}`).sort();

    // Act
    const of = (fn: { role: { node: { defaultChild?: unknown } } }) => statementsOf(synth, fn.role);

    // Assess
    expect(grants(of(pipeline.ingest), 's3:GetObject')).toEqual(
      areas('incoming/*', 'jobs/*', 'tenants/*/incoming/*'),
    );
    expect(grants(of(pipeline.ingest), 's3:PutObject')).toEqual(
      areas('jobs/*', 'outgoing/*', 'tenants/*/outgoing/*'),
    );
    expect(grants(of(pipeline.think), 's3:PutObject')).toEqual(areas('jobs/*'));
    expect(grants(of(pipeline.think), 's3:GetObject')).toEqual([]);
    expect(grants(of(pipeline.drawSubmit), 's3:PutObject')).toEqual(areas('jobs/*'));
    expect(grants(of(pipeline.drawCallback), 's3:DeleteObject')).toEqual(areas('jobs/_tokens/*'));
    expect(grants(of(pipeline.drawCallback), 's3:PutObject')).toEqual([]);
    expect(grants(of(pipeline.publish), 's3:GetObject')).toEqual(areas('jobs/*'));
    expect(grants(of(pipeline.publish), 's3:PutObject')).toEqual(
      areas('jobs/*', 'outgoing/*', 'tenants/*/outgoing/*', 'tenants/*/usage/*'),
    );
    expect(grants(of(pipeline.publishFailure), 's3:DeleteObject')).toEqual(
      areas('outgoing/*', 'tenants/*/outgoing/*'),
    );
  });

  it('scopes the Step Functions and SageMaker calls to this state machine and this endpoint', () => {
    // Prepare
    const { pipeline } = synth.stack;
    const machine = `<${synth.stack.getLogicalId(pipeline.stateMachine.stateMachine.node.defaultChild as never)}>`;
    const endpoint =
      'arn:<AWS::Partition>:sagemaker:eu-west-1:123456789012:endpoint/thinkbeforedraw-sampler-g5-xlarge';

    // Act
    const of = (fn: { role: { node: { defaultChild?: unknown } } }) => statementsOf(synth, fn.role);

    // Assess
    expect(grants(of(pipeline.ingest), 'states:StartExecution')).toEqual([machine]);
    expect(grants(of(pipeline.drawSubmit), 'sagemaker:InvokeEndpointAsync')).toEqual([endpoint]);
    for (const callback of [pipeline.drawCallback, pipeline.drawSweep]) {
      for (const action of ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat']) {
        expect(grants(of(callback), action)).toEqual([machine]);
      }
    }
  });

  it('lets only the Lambdas that reason (pipeline think, POST /v1/think, POST /v1/preview with an emotion) call Bedrock, only the configured model', () => {
    // Act
    const bedrock = iamStatements(synth.template).filter(({ statement }) =>
      asArray(statement.Action).some((a) => a.startsWith('bedrock:')),
    );

    // Assess
    expect(grants(statementsOf(synth, synth.stack.pipeline.think.role), 'bedrock:InvokeModel')).toEqual([
      'arn:<AWS::Partition>:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
    ]);
    expect(bedrock).toHaveLength(3);
    const thinkPolicies = [
      synth.stack.pipeline.think.role,
      synth.stack.api.functions.think.role,
      synth.stack.api.functions.preview.role,
    ].map((role) =>
      synth.stack.getLogicalId(role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as never),
    );
    for (const { policy, statement } of bedrock) {
      expect(thinkPolicies).toContain(policy);
      expect(asArray(statement.Action)).toEqual(['bedrock:InvokeModel']);
      expect(JSON.stringify(statement.Resource)).toContain(
        'foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
      );
    }
  });

  it('scopes a cross-region inference profile to the profile and its model through that profile', () => {
    // Prepare
    const profiled = synthesize({ bedrockModelId: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0' });
    const profile =
      'arn:<AWS::Partition>:bedrock:eu-west-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0';

    // Act
    const statements = statementsOf(profiled, profiled.stack.pipeline.think.role).filter((s) =>
      asArray(s.Action).includes('bedrock:InvokeModel'),
    );

    // Assess
    expect(statements.map((s) => [render(s.Resource), s.Condition && render(s.Condition)])).toEqual([
      [profile, undefined],
      [
        'arn:<AWS::Partition>:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0',
        JSON.stringify({
          StringEquals: {
            'bedrock:InferenceProfileArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':bedrock:eu-west-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
                ],
              ],
            },
          },
        }),
      ],
    ]);
  });

  it('recognises model ids, inference-profile ids and ARNs', () => {
    expect(parseBedrockModelId('anthropic.claude-3-5-sonnet-20240620-v1:0')).toEqual({
      kind: 'model',
      modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    });
    expect(parseBedrockModelId('eu.amazon.nova-pro-v1:0')).toEqual({
      kind: 'profile',
      profileId: 'eu.amazon.nova-pro-v1:0',
      modelId: 'amazon.nova-pro-v1:0',
    });
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc';
    expect(parseBedrockModelId(arn)).toEqual({ kind: 'arn', arn });
  });
});
