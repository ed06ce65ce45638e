import { describe, expect, it } from 'vitest';
import {
  EmotionTextError,
  formatIssues,
  PlanError,
  PlanValidationError,
  UnknownActionUnitError,
} from '../../../core/plan/errors.js';

describe('plan errors', () => {
  it('set their names, share the PlanError base and keep a cause', () => {
    // Prepare
    const cause = new Error('root cause');

    // Act
    const errors = [
      new PlanError('base', { cause }),
      new EmotionTextError('empty', 'the text is empty', 2000, { cause }),
      new PlanValidationError([], { cause }),
      new UnknownActionUnitError([99], [1, 2], { cause }),
    ];

    // Assess
    expect(errors.map((e) => e.name)).toEqual([
      'PlanError',
      'EmotionTextError',
      'PlanValidationError',
      'UnknownActionUnitError',
    ]);
    for (const e of errors) {
      expect(e).toBeInstanceOf(PlanError);
      expect(e).toBeInstanceOf(Error);
      expect(e.cause).toBe(cause);
    }
  });

  it('say what was wrong and what is accepted', () => {
    // Act
    const text = new EmotionTextError('too-long', 'the text is 2500 characters long', 2000);
    const unknown = new UnknownActionUnitError([99], [1, 2]);

    // Assess
    expect(text.message).toMatch(/^invalid emotion text: the text is 2500 characters long; accepted: .*2000/);
    expect(unknown.message).toBe('unknown action unit AU99; known: 1, 2');
  });

  it('format zod issue paths as dotted strings', () => {
    // Act
    const formatted = formatIssues([
      { code: 'custom', path: ['segments', 1, 'start'], message: 'must be contiguous', input: 0.6 },
      { code: 'custom', path: [], message: 'bad', input: 1 },
    ]);

    // Assess
    expect(formatted).toBe('segments.1.start: must be contiguous; (root): bad');
    expect(formatIssues([])).toBe('no details');
  });
});
