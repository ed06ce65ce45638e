/**
 * Synthesizes the app's stack for template tests, as infra/app.ts does (same feature flags, same
 * context parsing), into a temporary cloud assembly. Lambda bundling is skipped unless asked for
 * (`aws:cdk:bundling-stacks` = []): it is what makes a synthesis slow, and only the bundling test
 * needs the bundles.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FEATURE_FLAGS, readInfraConfig } from '../../infra/config.js';
import { ThinkBeforeDrawStack } from '../../infra/stacks/think-before-draw-stack.js';

export interface SynthOptions {
  /** Bundle the Lambdas with esbuild. @default false */
  readonly bundle?: boolean;
  /** Extra CDK context (the app's configuration keys). @default {} */
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface SynthResult {
  readonly app: App;
  readonly stack: ThinkBeforeDrawStack;
  readonly template: Template;
  readonly outdir: string;
}

export function synthStack(options: SynthOptions = {}): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), 'tbd-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...FEATURE_FLAGS,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const { stackName, ...config } = readInfraConfig(app);
  const stack = new ThinkBeforeDrawStack(app, stackName, {
    config,
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  return { app, stack, template: Template.fromStack(stack), outdir };
}

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, unknown>;
}

/** Every statement of every AWS::IAM::Policy, with the policy's logical id. */
export function iamStatements(template: Template): { policy: string; statement: PolicyStatementJson }[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<
    string,
    { Properties: { PolicyDocument: { Statement: PolicyStatementJson[] } } }
  >;
  return Object.entries(policies).flatMap(([policy, resource]) =>
    resource.Properties.PolicyDocument.Statement.map((statement) => ({ policy, statement })),
  );
}

export function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
