/**
 * `npm run test:load`: the load test (test/load), 100 concurrent jobs through the /v1 API against
 * a real local stack. Apart from the unit tests (vitest.config.ts excludes test/load; a small-N
 * run of the same body is test/reliability/api-load.test.ts). Writes bench/load-results.json and
 * bench/LOAD.md.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/load/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
