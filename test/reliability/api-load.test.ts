/**
 * A small load in `npm test`: 16 jobs submitted at once through the /v1 API of a real local
 * stack (the body of `npm run test:load`, test/load/load-run.ts, with a smaller N and bound).
 * Correctness only: every job accepted, none lost, none duplicated. The figures are printed,
 * not written (bench/LOAD.md is the full run's).
 */
import { describe, it } from 'vitest';
import { expectAccepted, expectNoneDuplicated, expectNoneLost } from '../load/load-checks.js';
import { loadReport, reportText } from '../load/load-report.js';
import { runLoad } from '../load/load-run.js';

const JOBS = 16;
/**
 * How long jobs may run after the last submission was accepted: measured, about half of them
 * finish (a job runs in ~0.5 to 1 s, one at a time, after ingest); the rest must be seen queued.
 */
const DRAIN_MS = 10_000;

describe(`load: ${JOBS} concurrent API jobs against a local stack`, () => {
  it(
    'accepts every job, loses none and runs none twice',
    async () => {
      // Act
      const run = await runLoad({ jobs: JOBS, drainMs: DRAIN_MS, resubmit: 2 });
      console.log(reportText(loadReport(run)));

      // Assess
      expectAccepted(run);
      expectNoneLost(run);
      expectNoneDuplicated(run);
    },
    DRAIN_MS + 90_000,
  );
});
