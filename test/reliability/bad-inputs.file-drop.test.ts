/**
 * The bad-input catalogue (bad-inputs.catalogue.ts) through the file drop, against a real local
 * stack on loopback: S3 uploads as users make them, the real ingest, definition, sampler and Draw
 * pipeline. One `it` per row, in order, on one stack; a good job at the end proves the stack
 * still works after all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobResultSchema } from '../../core/jobs/job-result.js';
import { waitFor } from '../local/stack/stack-fixtures.js';
import { JOB_OPTIONS } from './bad-input-case.js';
import { BAD_INPUT_CATALOGUE } from './bad-inputs.catalogue.js';
import { portraits, speech } from './bad-media.js';
import { runFileDropCase } from './file-drop-runner.js';
import {
  expectInputsUntouched,
  expectStackAlive,
  type Inputs,
  type ReliabilityStack,
  readJsonText,
  startReliabilityStack,
} from './reliability-stack.js';

describe('bad inputs through the file drop', () => {
  let rs: ReliabilityStack;
  /** Every row's inputs, checked once more after the last row. */
  const allInputs: Inputs = new Map();

  beforeAll(async () => {
    rs = await startReliabilityStack();
  });

  afterAll(async () => {
    await rs?.stop();
  });

  it('has at least 30 rows with distinct ids', () => {
    expect(BAD_INPUT_CATALOGUE.length).toBeGreaterThanOrEqual(30);
    expect(new Set(BAD_INPUT_CATALOGUE.map((row) => row.id)).size).toBe(BAD_INPUT_CATALOGUE.length);
  });

  for (const row of BAD_INPUT_CATALOGUE) {
    it(`${row.id}: ${row.about}`, async () => {
      for (const [key, input] of await runFileDropCase(rs, row)) allInputs.set(key, input);
    }, 60_000);
  }

  it('still turns a good job into a video after the whole catalogue', async () => {
    // Act
    await rs.s3.put('incoming/after-all/portrait.jpg', await portraits.good.bytes());
    await rs.s3.put('incoming/after-all/audio.wav', await speech.good.bytes());
    await rs.s3.put(
      'incoming/after-all/job.json',
      JSON.stringify({
        portrait: 'portrait.jpg',
        audio: 'audio.wav',
        emotion: 'relieved',
        options: JOB_OPTIONS,
      }),
    );
    const result = await waitFor('outgoing/after-all/result.json', () =>
      readJsonText(rs.s3, 'outgoing/after-all/result.json'),
    );

    // Assess
    expect(JobResultSchema.parse(JSON.parse(result))).toMatchObject({ name: 'after-all', frames: 6 });
    await expectStackAlive(rs);
  }, 60_000);

  it("leaves every row's inputs as they were uploaded, to the end", async () => {
    expect(allInputs.size).toBeGreaterThan(BAD_INPUT_CATALOGUE.length);
    await expectInputsUntouched(rs.s3, allInputs);
  }, 60_000);
});
