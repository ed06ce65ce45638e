/** CLI start-up: `tbd think "<text>" --json` as a user runs it, a whole process each time (issue 2). */
import { execFileSync } from 'node:child_process';
import { type Measurement, measure } from '../measure.js';

export async function benchCli(runs: number): Promise<Measurement[]> {
  const run = () =>
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'local/cli/main.ts', 'think', 'quietly heartbroken', '--json'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
  return [await measure('tbd think "quietly heartbroken" --json (new process)', run, { runs })];
}
