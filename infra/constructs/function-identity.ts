/**
 * What every Lambda of the stack shares, whatever its packaging (an esbuild zip in PipelineFunction,
 * a container image in PreviewFunction): its own log group with a retention, its own role that
 * may write that log group and nothing else until granted, JSON logs, active X-Ray tracing and the
 * Powertools service name. The children keep the ids `Logs` and `Role` under the owning construct.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge, NAG_REASONS } from './nag.js';

export interface FunctionIdentityProps {
  /** Powertools' `service` key of every log line. */
  readonly serviceName: string;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly environment?: Readonly<Record<string, string>>;
}

export interface FunctionIdentity {
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The function props that carry the identity (spread into the function's own props). */
  readonly functionProps: {
    readonly role: iam.Role;
    readonly logGroup: logs.LogGroup;
    readonly loggingFormat: lambda.LoggingFormat;
    readonly tracing: lambda.Tracing;
    readonly environment: Record<string, string>;
  };
}

export function functionIdentity(scope: Construct, props: FunctionIdentityProps): FunctionIdentity {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.serviceName}: its log group, its grants, nothing else`,
  });
  logGroup.grantWrite(role);
  // Active tracing adds xray:PutTraceSegments / PutTelemetryRecords, which take no resource.
  acknowledge(role, 'IAM5', NAG_REASONS.xray, 'Resource::*');
  return {
    role,
    logGroup,
    functionProps: {
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        ...props.environment,
      },
    },
  };
}
