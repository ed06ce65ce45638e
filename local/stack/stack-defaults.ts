/** Defaults of the local stack (`tbd serve`); constants only, cheap to import for the CLI's help. */
import type { ReasonerChoice } from '../../functions/think/reasoner-choices.js';

export const LOCAL_STACK_DEFAULTS = {
  /** Where s3rver keeps its objects (`<dataDir>/s3`) and the lock file lives. @default '.tbd' */
  dataDir: '.tbd',
  /** @default 4569 */
  s3Port: 4569,
  /** @default 3000 */
  apiPort: 3000,
  /** @default 8080 */
  samplerPort: 8080,
  /** Every server listens on loopback only. @default '127.0.0.1' */
  host: '127.0.0.1',
  /** @default 'tbd' */
  bucket: 'tbd',
  /** The Think stage's reasoner unless a job asks for another; env `TBD_REASONER`. @default 'facs' */
  reasoner: 'facs',
  /** How long a stop waits for running jobs before interrupting them. @default 15000 */
  stopGraceMs: 15_000,
  /** Executions running at once. @default 1 */
  maxConcurrentJobs: 1,
} as const satisfies Record<string, unknown> & { reasoner: ReasonerChoice };
