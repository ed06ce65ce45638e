import { describe, expect, it } from 'vitest';
import { KNOWN_AUS } from '../../../core/facs/action-units.js';
import { planJsonSchema } from '../../../core/plan/json-schema.js';

type Node = Record<string, unknown>;
const at = (node: unknown, ...path: string[]): Node => {
  let current = node;
  for (const key of path) current = (current as Node)[key];
  return current as Node;
};

describe('planJsonSchema', () => {
  it('describes the plan object with the contract field names, required', () => {
    // Act
    const schema = planJsonSchema();

    // Assess
    expect(schema.type).toBe('object');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(at(schema, 'properties'))).toEqual([
      'schemaVersion',
      'prompt',
      'reasoner',
      'chain',
      'segments',
      'global',
    ]);
    expect(schema.required).toEqual(['schemaVersion', 'prompt', 'reasoner', 'chain', 'segments', 'global']);
    const segment = at(schema, 'properties', 'segments', 'items', 'properties');
    expect(Object.keys(segment)).toEqual([
      'start',
      'end',
      'emotions',
      'valence',
      'arousal',
      'actionUnits',
      'regions',
    ]);
    expect(Object.keys(at(segment, 'actionUnits', 'items', 'properties'))).toEqual([
      'au',
      'name',
      'intensity',
      'side',
    ]);
    expect(at(segment, 'actionUnits', 'items', 'properties', 'side').enum).toEqual(['both', 'left', 'right']);
    expect(Object.keys(at(schema, 'properties', 'global', 'properties'))).toEqual([
      'blinkRatePerMin',
      'headMotion',
    ]);
  });

  it('keeps the ranges and adds the cross-field rules and the AU catalogue as hints', () => {
    // Act
    const schema = planJsonSchema();

    // Assess
    const segment = at(schema, 'properties', 'segments', 'items', 'properties');
    expect(at(segment, 'valence')).toMatchObject({ minimum: -1, maximum: 1 });
    expect(at(segment, 'arousal')).toMatchObject({ minimum: 0, maximum: 1 });
    expect(at(schema, 'properties', 'segments').description).toMatch(/contiguous.*starts at 0.*ends at 1/);
    expect(at(segment, 'emotions').description).toMatch(/sum to 1/);
    expect(at(segment, 'actionUnits', 'items', 'properties', 'au').enum).toEqual(
      [...KNOWN_AUS].sort((a, b) => a - b),
    );
  });

  it('is plain JSON without $ref, and a fresh object on every call', () => {
    // Act
    const first = planJsonSchema();
    const second = planJsonSchema();
    const text = JSON.stringify(first);

    // Assess
    expect(text).not.toContain('$ref');
    expect(JSON.parse(text)).toEqual(first);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    (first.properties as Node).extra = true;
    expect((planJsonSchema().properties as Node).extra).toBeUndefined();
  });

  it('can target draft-07', () => {
    // Act
    const schema = planJsonSchema({ target: 'draft-07' });

    // Assess
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(at(schema, 'properties', 'schemaVersion').const).toBe(1);
  });
});
