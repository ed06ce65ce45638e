/**
 * The bad-input catalogue (bad-inputs.catalogue.ts) through the `/v1` API, against a real local
 * stack on loopback: HTTP requests with the tenant's key, uploads with the presigned POSTs to the
 * local S3 API, the real ingest, definition, sampler and Draw pipeline. One `it` per row, in
 * order, on one stack; a good job at the end proves the stack still works after all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApiCase } from './api-runner.js';
import { BAD_INPUT_CATALOGUE } from './bad-inputs.catalogue.js';
import {
  expectInputsUntouched,
  expectStackAlive,
  type Inputs,
  type ReliabilityStack,
  startReliabilityStack,
} from './reliability-stack.js';

describe('bad inputs through the /v1 API', () => {
  let rs: ReliabilityStack;
  /** Every row's inputs, checked once more after the last row. */
  const allInputs: Inputs = new Map();

  beforeAll(async () => {
    rs = await startReliabilityStack({ api: true });
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
      for (const [key, input] of await runApiCase(rs, row)) allInputs.set(key, input);
    }, 60_000);
  }

  it('still runs a good job to a video after the whole catalogue', async () => {
    // Act
    await runApiCase(rs, {
      id: 'after-all',
      group: 'events',
      about: 'a good job',
      fileDrop: { expect: { kind: 'succeeded' } },
      api: { expect: { kind: 'succeeded', withActionUnits: true } },
    });

    // Assess
    await expectStackAlive(rs);
  }, 60_000);

  it("leaves every row's inputs as they were uploaded, to the end", async () => {
    expect(allInputs.size).toBeGreaterThan(BAD_INPUT_CATALOGUE.length);
    await expectInputsUntouched(rs.s3, allInputs);
  }, 60_000);
});
