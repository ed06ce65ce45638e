/**
 * The pipeline's state machine, from THE definition file (infra/state-machine/pipeline.asl.json)
 * that the local stack runs too: the numbers are substituted by the shared loader, the Lambda
 * ARNs are left as `${…}` for CloudFormation's DefinitionSubstitutions. Nothing else changes, so
 * the deployed definition is the file with substitutions applied.
 *
 * Logs ALL events (with execution data: S3 keys and the emotion text, never media) to its own log
 * group, X-Ray tracing on.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { renderDefinition } from '../state-machine/load-definition.js';
import {
  ARN_PLACEHOLDERS,
  type ArnPlaceholder,
  PIPELINE_DEFAULTS,
  type PipelineSubstitutions,
} from '../state-machine/pipeline-states.js';
import { acknowledge } from './nag.js';

export const PIPELINE_STATE_MACHINE_DEFAULTS = {
  /** Limit of one execution (Draw alone may take DrawTimeoutSeconds). @default 3 hours */
  timeout: Duration.hours(3),
  /** @default three months */
  logRetention: logs.RetentionDays.THREE_MONTHS,
} as const;

export interface PipelineStateMachineProps {
  /** The Lambda behind each ARN placeholder of the definition. */
  readonly functions: { readonly [K in ArnPlaceholder]: lambda.IFunction };
  /** @default PIPELINE_DEFAULTS.DrawTimeoutSeconds */
  readonly drawTimeoutSeconds?: number;
  /** @default PIPELINE_DEFAULTS.DrawHeartbeatSeconds */
  readonly drawHeartbeatSeconds?: number;
  /** @default PIPELINE_STATE_MACHINE_DEFAULTS.timeout */
  readonly timeout?: Duration;
  /** Of the log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The definition as deployed: numbers substituted, ARN placeholders left to CloudFormation. */
export function deployedDefinition(
  numbers: Pick<PipelineSubstitutions, 'DrawTimeoutSeconds' | 'DrawHeartbeatSeconds'>,
): string {
  const arns = Object.fromEntries(ARN_PLACEHOLDERS.map((name) => [name, `\${${name}}`])) as Record<
    ArnPlaceholder,
    string
  >;
  return renderDefinition({ ...arns, ...numbers }, { leave: ARN_PLACEHOLDERS });
}

export class PipelineStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineStateMachineProps) {
    super(scope, id);
    const numbers = {
      DrawTimeoutSeconds: props.drawTimeoutSeconds ?? PIPELINE_DEFAULTS.DrawTimeoutSeconds,
      DrawHeartbeatSeconds: props.drawHeartbeatSeconds ?? PIPELINE_DEFAULTS.DrawHeartbeatSeconds,
    };
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: PIPELINE_STATE_MACHINE_DEFAULTS.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    const functions = ARN_PLACEHOLDERS.map((name) => props.functions[name]);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD, // waitForTaskToken needs STANDARD
      definitionBody: sfn.DefinitionBody.fromString(deployedDefinition(numbers)),
      definitionSubstitutions: Object.fromEntries(
        ARN_PLACEHOLDERS.map((name) => [name, props.functions[name].functionArn]),
      ),
      timeout: props.timeout ?? PIPELINE_STATE_MACHINE_DEFAULTS.timeout,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    Validations.of(this.stateMachine.node.defaultChild as sfn.CfnStateMachine).acknowledge({
      id: 'CloudFormation-Validate::E1029',
      reason:
        'The embedded parameters in DefinitionString are the Lambda ARN placeholders of the shared definition file, ' +
        'replaced by DefinitionSubstitutions (not Fn::Sub) on purpose: the deployed string stays the file.',
    });
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InvokePipelineFunctions',
        actions: ['lambda:InvokeFunction'],
        resources: functions.map((fn) => fn.functionArn),
      }),
    );
    acknowledge(
      this.stateMachine.role,
      'IAM5',
      'Resource "*" carries only actions without resource-level permissions: X-Ray PutTraceSegments/' +
        'PutTelemetryRecords/GetSampling* and the CloudWatch Logs vended-log delivery actions ' +
        '(logs:CreateLogDelivery, …, DescribeLogGroups) that Step Functions logging requires ' +
        '(https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy).',
      'Resource::*',
    );
  }
}
