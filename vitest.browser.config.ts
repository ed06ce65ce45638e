/**
 * `npm run test:browser`: the web studio driven in a real Chromium by playwright-core (test/browser).
 * Apart from the unit tests (vitest.config.ts excludes test/browser): they start the whole local
 * stack and generate a video. Skipped, saying why, when no Chromium is found (CHROMIUM_PATH, else
 * /usr/bin/chromium).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
