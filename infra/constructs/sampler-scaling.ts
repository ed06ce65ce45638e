/**
 * Scale-to-zero for the sampler's asynchronous endpoint, as SageMaker documents it
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html):
 *
 * 1. A scalable target on the variant's DesiredInstanceCount, from 0 to `maxInstances`.
 * 2. Target tracking on `ApproximateBacklogSizePerInstance` (queued requests per instance): scales
 *    out under load and back in, down to 0 when the queue is empty.
 * 3. Target tracking cannot leave 0 (a backlog divided by zero instances is no signal), so a step
 *    policy adds one instance when the `HasBacklogWithoutCapacity` alarm fires: requests are
 *    waiting and no instance is running.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';

export const SAMPLER_SCALING_DEFAULTS = {
  /** Queued requests per instance that target tracking aims for. @default 2 */
  backlogPerInstance: 2,
  /** @default 10 minutes (a GPU instance takes minutes to start: do not flap) */
  scaleInCooldown: Duration.minutes(10),
  /** @default 5 minutes */
  scaleOutCooldown: Duration.minutes(5),
} as const;

export interface SamplerScalingProps {
  readonly endpoint: sagemaker.CfnEndpoint;
  readonly endpointName: string;
  readonly variantName: string;
  readonly maxInstances: number;
  /** @default SAMPLER_SCALING_DEFAULTS.backlogPerInstance */
  readonly backlogPerInstance?: number;
}

/** The service-linked role Application Auto Scaling uses for SageMaker endpoints. */
const SERVICE_LINKED_ROLE =
  'aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint';

export class SamplerScaling extends Construct {
  readonly target: appscaling.ScalableTarget;
  readonly scaleUpFromZero: appscaling.StepScalingAction;
  readonly hasBacklogWithoutCapacity: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SamplerScalingProps) {
    super(scope, id);
    if (props.maxInstances < 1) throw new Error(`maxInstances must be at least 1, got ${props.maxInstances}`);
    const metric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SageMaker',
        metricName,
        dimensionsMap: { EndpointName: props.endpointName },
        statistic: cloudwatch.Stats.AVERAGE,
        period: Duration.minutes(1),
      });

    this.target = new appscaling.ScalableTarget(this, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${props.endpointName}/variant/${props.variantName}`,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      minCapacity: 0,
      maxCapacity: props.maxInstances,
      // Referenced, not created: without a RoleARN (removed below) Application Auto Scaling uses
      // this service-linked role and creates it on first use.
      role: iam.Role.fromRoleArn(
        this,
        'ServiceLinkedRole',
        Stack.of(this).formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: SERVICE_LINKED_ROLE,
        }),
      ),
    });
    (this.target.node.defaultChild as appscaling.CfnScalableTarget).addPropertyDeletionOverride('RoleARN');
    this.target.node.addDependency(props.endpoint);

    this.target.scaleToTrackMetric('BacklogPerInstance', {
      targetValue: props.backlogPerInstance ?? SAMPLER_SCALING_DEFAULTS.backlogPerInstance,
      customMetric: metric('ApproximateBacklogSizePerInstance'),
      scaleInCooldown: SAMPLER_SCALING_DEFAULTS.scaleInCooldown,
      scaleOutCooldown: SAMPLER_SCALING_DEFAULTS.scaleOutCooldown,
    });

    this.scaleUpFromZero = new appscaling.StepScalingAction(this, 'ScaleUpFromZero', {
      scalingTarget: this.target,
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      metricAggregationType: appscaling.MetricAggregationType.AVERAGE,
      cooldown: SAMPLER_SCALING_DEFAULTS.scaleOutCooldown,
    });
    this.scaleUpFromZero.addAdjustment({ adjustment: 1, lowerBound: 0 });

    this.hasBacklogWithoutCapacity = new cloudwatch.Alarm(this, 'HasBacklogWithoutCapacity', {
      alarmDescription: 'Requests wait in the sampler queue and no instance runs: scale up from zero.',
      metric: metric('HasBacklogWithoutCapacity'),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    this.hasBacklogWithoutCapacity.addAlarmAction(
      new cwActions.ApplicationScalingAction(this.scaleUpFromZero),
    );
  }
}
