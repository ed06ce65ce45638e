import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import {
  DEFINITION_PATH,
  DefinitionError,
  loadDefinition,
  placeholdersOf,
  readDefinitionTemplate,
  renderDefinition,
  substitute,
} from '../../../infra/state-machine/load-definition.js';
import { LOCAL_SUBSTITUTIONS } from '../../../infra/state-machine/local-context.js';
import {
  ARN_PLACEHOLDERS,
  NUMBER_PLACEHOLDERS,
  PIPELINE_DEFAULTS,
  PIPELINE_ERRORS,
  PIPELINE_TASKS,
} from '../../../infra/state-machine/pipeline-states.js';

interface TaskState {
  Type: string;
  Resource: string;
  Parameters?: Record<string, unknown>;
  Retry?: {
    ErrorEquals: string[];
    BackoffRate: number;
    MaxAttempts: number;
    IntervalSeconds?: number;
    MaxDelaySeconds?: number;
    JitterStrategy?: string;
  }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath: string }[];
  TimeoutSeconds?: number;
  HeartbeatSeconds?: number;
  ResultPath?: string;
  Next?: string;
}

const AWS_VALUES = {
  ThinkFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:think',
  DrawSubmitFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:draw-submit',
  PublishFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:publish',
  PublishFailureFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:publish-failure',
  DrawTimeoutSeconds: 7200,
  DrawHeartbeatSeconds: 300,
};

/** Leaf paths where two JSON values differ. */
function differingPaths(a: unknown, b: unknown, path = '$'): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differingPaths((a as never)[k], (b as never)[k], `${path}.${k}`));
  }
  return Object.is(a, b) ? [] : [path];
}

/** Leaf paths of the template whose value contains a placeholder (Comments excluded). */
function placeholderPaths(node: unknown, path = '$'): string[] {
  if (typeof node === 'string') return /\$\{\w+\}/.test(node) && !path.endsWith('.Comment') ? [path] : [];
  if (node && typeof node === 'object')
    return Object.keys(node)
      .sort()
      .flatMap((k) => placeholderPaths((node as never)[k], `${path}.${k}`));
  return [];
}

function states(definition: Record<string, unknown>): Record<string, TaskState> {
  return definition.States as Record<string, TaskState>;
}

describe('the pipeline definition file', () => {
  it('is one strict-JSON file under infra/state-machine whose placeholders are the documented ones', () => {
    // Act
    const template = readDefinitionTemplate();

    // Assess
    expect(DEFINITION_PATH).toMatch(/infra\/state-machine\/pipeline\.asl\.json$/);
    expect(() => JSON.parse(readFileSync(DEFINITION_PATH, 'utf8'))).not.toThrow();
    expect(placeholdersOf(template)).toEqual([...ARN_PLACEHOLDERS, ...NUMBER_PLACEHOLDERS].sort());
  });

  it('differs between AWS and the local stack by substitutions only', () => {
    // Act
    const aws = loadDefinition(AWS_VALUES);
    const local = loadDefinition(LOCAL_SUBSTITUTIONS);

    // Assess: the two differ exactly where the template holds a placeholder
    expect(differingPaths(aws, local)).toEqual(placeholderPaths(readDefinitionTemplate()));
    expect(differingPaths(aws, readDefinitionTemplate())).toEqual(placeholderPaths(readDefinitionTemplate()));
  });

  it('substitutes numbers as numbers and ARNs as strings', () => {
    const draw = states(loadDefinition(AWS_VALUES)).Draw!;
    expect(draw.TimeoutSeconds).toBe(7200);
    expect(draw.HeartbeatSeconds).toBe(300);
    expect(draw.Parameters?.FunctionName).toBe(AWS_VALUES.DrawSubmitFunctionArn);
    expect(states(loadDefinition(AWS_VALUES)).Think?.Resource).toBe(AWS_VALUES.ThinkFunctionArn);
  });

  it('can leave ARN placeholders to CloudFormation DefinitionSubstitutions', () => {
    const text = renderDefinition(AWS_VALUES, { leave: ['ThinkFunctionArn'] });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder text itself is expected
    expect(text).toContain('"Resource": "${ThinkFunctionArn}"');
    expect(text).toContain('"TimeoutSeconds": 7200');
  });

  it('fails loudly on missing, unknown or invalid values', () => {
    const { ThinkFunctionArn: _, ...missing } = AWS_VALUES;
    expect(() => substitute(readDefinitionTemplate(), missing)).toThrow(
      /no value for placeholder\(s\): ThinkFunctionArn/,
    );
    expect(() => substitute(readDefinitionTemplate(), { ...AWS_VALUES, ThinkArn: 'x' })).toThrow(
      /unknown placeholder\(s\): ThinkArn/,
    );
    expect(() => loadDefinition({ ...AWS_VALUES, DrawTimeoutSeconds: 1.5 })).toThrow(DefinitionError);
    expect(() => loadDefinition({ ...AWS_VALUES, DrawHeartbeatSeconds: 9999 })).toThrow(/must not exceed/);
    expect(() => loadDefinition({ ...AWS_VALUES, PublishFunctionArn: '' })).toThrow(/non-empty/);
  });

  it('passes aws-local-stepfunctions validation', () => {
    expect(() => new StateMachine(loadDefinition(LOCAL_SUBSTITUTIONS) as never)).not.toThrow();
    expect(LOCAL_SUBSTITUTIONS).toMatchObject(PIPELINE_DEFAULTS);
  });

  it('retries transient errors with backoff and catches everything into RecordFailure on every stage', () => {
    const all = states(loadDefinition(AWS_VALUES));
    for (const name of [PIPELINE_TASKS.think, PIPELINE_TASKS.draw, PIPELINE_TASKS.publish]) {
      const state = all[name]!;
      expect(state.Retry?.[0]?.ErrorEquals).toEqual(
        expect.arrayContaining(['TransientError', 'Lambda.TooManyRequestsException']),
      );
      expect(state.Retry?.[0]?.BackoffRate).toBeGreaterThan(1);
      expect(state.Retry?.[0]?.MaxAttempts).toBeGreaterThan(0);
      expect(state.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
      ]);
    }
    expect(all.RecordFailure?.Next).toBe('Failed');
    expect(all.Failed).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error' });
  });

  it('outlasts a storage outage of hours when recording a failure, then fails under its own name', () => {
    // Prepare
    const all = states(loadDefinition(AWS_VALUES));
    const retry = all.RecordFailure!.Retry![0]!;

    // Act: the longest wait of the Retry; FULL jitter draws each delay in [0, d], half on average
    let longest = 0;
    for (let attempt = 0; attempt < retry.MaxAttempts; attempt++)
      longest += Math.min(
        (retry.IntervalSeconds ?? 1) * retry.BackoffRate ** attempt,
        retry.MaxDelaySeconds ?? Number.POSITIVE_INFINITY,
      );

    // Assess
    expect(retry.ErrorEquals).toEqual(expect.arrayContaining(['TransientError', 'States.Timeout']));
    expect(retry.JitterStrategy).toBe('FULL');
    expect(longest / 2).toBeGreaterThan(2 * 3600);
    expect(all.RecordFailure?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.recordFailureError', Next: 'DescribeUnrecordedFailure' },
    ]);
    expect(all.DescribeUnrecordedFailure).toMatchObject({ Type: 'Pass', Next: 'FailureNotRecorded' });
    expect(all.FailureNotRecorded).toMatchObject({
      Type: 'Fail',
      Error: PIPELINE_ERRORS.failureNotRecorded,
      CausePath: '$.unrecordedFailure.cause',
    });
  });

  it('waits for the draw callback with a task token', () => {
    const draw = states(loadDefinition(AWS_VALUES)).Draw!;
    expect(draw.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    const payload = (draw.Parameters?.Payload ?? {}) as Record<string, string>;
    expect(payload['taskToken.$']).toBe('$$.Task.Token');
    expect(draw.ResultPath).toBe('$.draw');
  });
});
