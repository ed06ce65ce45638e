/**
 * cdk-nag v3 (AwsSolutions) over the whole app: no unacknowledged finding, and every
 * acknowledgement is scoped to a resource (never a stack or the app) and gives a reason.
 */
import { rmSync } from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SynthResult, synthStack } from './synth-stack.js';

let synth: SynthResult;

beforeAll(() => {
  synth = synthStack();
});

afterAll(() => rmSync(synth.outdir, { recursive: true, force: true }));

function acknowledgements(
  root: IConstruct,
): { path: string; id: string; reason: string; scope: IConstruct }[] {
  return root.node.findAll().flatMap((scope) =>
    scope.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: scope.node.path,
          id,
          reason,
          scope,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged', () => {
    // Act
    const report = new AwsSolutionsChecks(synth.app, { verbose: true }).validateScope(synth.app);

    // Assess
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('passes as the validation plugin of a full synthesis, as `cdk synth` runs it', () => {
    // Prepare
    const checked = synthStack();
    Validations.of(checked.app).addPlugins(new AwsSolutionsChecks(checked.app));

    // Act
    const run = () => checked.app.synth({ force: true });

    // Assess
    try {
      expect(run).not.toThrow();
    } finally {
      rmSync(checked.outdir, { recursive: true, force: true });
    }
  });

  it('would fail that synthesis on an unacknowledged finding (control)', () => {
    // Prepare
    const checked = synthStack();
    new sqs.Queue(checked.stack, 'UncheckedQueue');
    Validations.of(checked.app).addPlugins(new AwsSolutionsChecks(checked.app));

    // Act
    const run = () => checked.app.synth({ force: true });

    // Assess
    try {
      expect(run).toThrow(/AwsSolutions-SQS4/);
    } finally {
      rmSync(checked.outdir, { recursive: true, force: true });
    }
  });

  it('reports no error annotations', () => {
    // Act
    const errors = Annotations.fromStack(synth.stack).findError('*', Match.anyValue());

    // Assess
    expect(errors).toEqual([]);
  });

  it('acknowledges nothing that is not found: each acknowledgement matches a finding under its scope', () => {
    // Prepare: record the acknowledgements instead of applying them, so every finding shows
    const recorded: { path: string; id: string }[] = [];
    const spy = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(function (
      this: Validations,
      ...rules
    ) {
      const scope = (this as unknown as { scope: IConstruct }).scope;
      for (const rule of rules) recorded.push({ path: scope.node.path, id: rule.id });
    });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {}); // the unacknowledged CFN warning
    let raw: SynthResult;
    try {
      raw = synthStack();
    } finally {
      spy.mockRestore();
      quiet.mockRestore();
    }

    // Act
    const findings = new AwsSolutionsChecks(raw.app)
      .validateScope(raw.app)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' })),
      );
    rmSync(raw.outdir, { recursive: true, force: true });

    // Assess
    const nagAcks = recorded.filter((ack) => ack.id.startsWith('AwsSolutions-'));
    expect(nagAcks.length).toBeGreaterThan(0);
    for (const ack of nagAcks) {
      const matched = findings.some((f) => f.id === ack.id && `${f.path}/`.startsWith(`${ack.path}/`));
      expect(matched, `${ack.path} ${ack.id}`).toBe(true);
    }
    for (const finding of findings) {
      const acknowledged = nagAcks.some(
        (a) => a.id === finding.id && `${finding.path}/`.startsWith(`${a.path}/`),
      );
      expect(acknowledged, `${finding.path} ${finding.id}`).toBe(true);
    }
  });

  it('acknowledges on resources only, one finding at a time, each with a reason', () => {
    // Act
    const acks = acknowledgements(synth.app);

    // Assess
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.scope instanceof Stack || ack.scope instanceof App, ack.path).toBe(false);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(60);
      if (ack.id.includes('IAM5') || ack.id.includes('IAM4')) expect(ack.id, ack.path).toMatch(/\[.+\]$/);
    }
  });
});
