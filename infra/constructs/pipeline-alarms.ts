/**
 * Alarms of the pipeline, all to one SNS topic (TLS-only publishing; optional e-mail subscriber):
 * - executions failed (a job ended in error.json) and executions timed out (a job hung);
 * - failed asynchronous events: anything in the dead-letter queue (an S3 drop or an SNS
 *   notification that ingest or draw-callback could not handle after its retries).
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export const PIPELINE_ALARMS_DEFAULTS = {
  /** Evaluation period of every alarm. @default 5 minutes */
  period: Duration.minutes(5),
} as const;

export interface PipelineAlarmsProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly deadLetterQueue: sqs.IQueue;
  /** Subscribed to the alarm topic (the address must confirm the subscription). @default none */
  readonly email?: string;
  /** @default PIPELINE_ALARMS_DEFAULTS.period */
  readonly period?: Duration;
}

export class PipelineAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly executionsFailed: cloudwatch.Alarm;
  readonly executionsTimedOut: cloudwatch.Alarm;
  readonly deadLetters: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const period = props.period ?? PIPELINE_ALARMS_DEFAULTS.period;
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'think-before-draw alarms', enforceSSL: true });
    // The topic policy replaces SNS's default one, and CloudWatch publishes as a service
    // principal: allow it, for this account's alarms only.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisAccountsAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    const atLeastOne = (alarmId: string, metric: cloudwatch.IMetric, description: string) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        metric,
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new cwActions.SnsAction(this.topic));
      return alarm;
    };

    this.executionsFailed = atLeastOne(
      'ExecutionsFailed',
      props.stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
      'A pipeline execution failed: see outgoing/<name>/error.json and the state machine log group.',
    );
    this.executionsTimedOut = atLeastOne(
      'ExecutionsTimedOut',
      props.stateMachine.metricTimedOut({ period, statistic: cloudwatch.Stats.SUM }),
      'A pipeline execution timed out: a job hung past the state machine timeout.',
    );
    this.deadLetters = atLeastOne(
      'DeadLetters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      'An S3 drop or a sampler notification failed after its retries: see the dead-letter queue.',
    );
  }
}
