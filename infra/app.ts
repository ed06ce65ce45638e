/**
 * The CDK app: configuration from context (infra/config.ts), one stack, cdk-nag's AwsSolutions
 * checks as a validation plugin (v3): an unacknowledged finding fails `cdk synth`.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FEATURE_FLAGS, readInfraConfig } from './config.js';
import { ThinkBeforeDrawStack } from './stacks/think-before-draw-stack.js';

const app = new App({ context: FEATURE_FLAGS });
const { stackName, ...config } = readInfraConfig(app);

new ThinkBeforeDrawStack(app, stackName, {
  config,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description:
    'think-before-draw: emotional talking-head pipeline (S3, Step Functions, Lambda, SageMaker async)',
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
