/**
 * The deployed state machine runs THE definition file: its DefinitionString is
 * infra/state-machine/pipeline.asl.json with the numeric placeholders substituted and nothing
 * else changed, and CloudFormation's DefinitionSubstitutions fill the Lambda ARNs.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDefinitionTemplate, substitute } from '../../infra/state-machine/load-definition.js';
import { ARN_PLACEHOLDERS, PIPELINE_DEFAULTS } from '../../infra/state-machine/pipeline-states.js';
import { type SynthResult, synthStack } from './synth-stack.js';

let synth: SynthResult;
let machine: { Properties: Record<string, unknown> };
let role: string;

beforeAll(() => {
  synth = synthStack();
  const machines = Object.values(synth.template.findResources('AWS::StepFunctions::StateMachine'));
  expect(machines).toHaveLength(1);
  machine = machines[0] as typeof machine;
  role = synth.stack.getLogicalId(
    synth.stack.pipeline.stateMachine.stateMachine.role.node.defaultChild as never,
  );
});

afterAll(() => rmSync(synth.outdir, { recursive: true, force: true }));

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  synth.stack.getLogicalId(construct.node.defaultChild as never);

describe('deployed state machine definition', () => {
  it('is the definition file with only the numeric placeholders substituted', () => {
    // Prepare
    const expected = substitute(
      readDefinitionTemplate(),
      {
        DrawTimeoutSeconds: PIPELINE_DEFAULTS.DrawTimeoutSeconds,
        DrawHeartbeatSeconds: PIPELINE_DEFAULTS.DrawHeartbeatSeconds,
      },
      ARN_PLACEHOLDERS,
    );

    // Act
    const deployed = JSON.parse(machine.Properties.DefinitionString as string);

    // Assess
    expect(typeof machine.Properties.DefinitionString).toBe('string');
    expect(deployed).toEqual(expected);
  });

  it('substitutes every ARN placeholder with the matching function', () => {
    // Prepare
    const { pipeline } = synth.stack;
    const functions = {
      ThinkFunctionArn: pipeline.think.function,
      DrawSubmitFunctionArn: pipeline.drawSubmit.function,
      PublishFunctionArn: pipeline.publish.function,
      PublishFailureFunctionArn: pipeline.publishFailure.function,
    };

    // Act
    const substitutions = machine.Properties.DefinitionSubstitutions;

    // Assess
    expect(Object.keys(functions).sort()).toEqual([...ARN_PLACEHOLDERS].sort());
    expect(substitutions).toEqual(
      Object.fromEntries(
        Object.entries(functions).map(([name, fn]) => [name, { 'Fn::GetAtt': [idOf(fn), 'Arn'] }]),
      ),
    );
  });

  it('may invoke exactly those four functions', () => {
    // Prepare
    const { pipeline } = synth.stack;
    const expected = [pipeline.think, pipeline.drawSubmit, pipeline.publish, pipeline.publishFailure]
      .map((fn) => ({ 'Fn::GetAtt': [idOf(fn.function), 'Arn'] }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

    // Act
    const policy = Object.values(synth.template.findResources('AWS::IAM::Policy')).find(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]),
    );
    const invoke = policy?.Properties.PolicyDocument.Statement.find(
      (s: { Action: unknown }) => s.Action === 'lambda:InvokeFunction',
    );

    // Assess
    expect([...invoke.Resource].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      expected,
    );
  });
});
