/**
 * The job lines of the stack's log: one per stage, with the job's name (and tenant) and id.
 *
 *   job queued | resumed | thinking | drawing | publishing | succeeded     (info)
 *   job failed | retrying | interrupted | fallback                          (warn)
 *
 * `watchExecution` derives them from an aws-local-stepfunctions execution's event log: entering
 * Think, Draw or Publish is a stage; ExecutionSucceeded / ExecutionFailed end it. A failure is
 * described by the error the Catch path handed to RecordFailure (the stage's own error, not the
 * Fail state's generic one); a Retry names the error that caused it; `fallback` says that Think's
 * reasoner fell back (Bedrock throttled, timed out, ...: the plan's `reasoner` tells who wrote it).
 * An execution that ended in `FailureNotRecordedError` (RecordFailure gave up) says
 * `recorded=false` and why (`recordError=`): the job's error is not lost, even if no record has it.
 */
import type { StateMachine } from 'aws-local-stepfunctions';
import type { JobRef } from '../../core/jobs/job-keys.js';
import { describeFailure } from '../../functions/publish/failure-cause.js';
import { isFallbackReasoner } from '../../functions/think/fallback-note.js';
import { PIPELINE_ERRORS, PIPELINE_TASKS } from '../../infra/state-machine/pipeline-states.js';
import type { StackLog } from './stack-log.js';

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

interface StatesFailure {
  readonly Error: string;
  readonly Cause: unknown;
}

/** Stage entered with each Task state. */
export const STAGE_BY_STATE: Readonly<Record<string, string>> = {
  [PIPELINE_TASKS.think]: 'thinking',
  [PIPELINE_TASKS.draw]: 'drawing',
  [PIPELINE_TASKS.publish]: 'publishing',
};

const WARN_STAGES = new Set(['failed', 'retrying', 'interrupted', 'fallback']);

/** `job <stage> name=… [tenant=…] id=… …fields`. */
export function logJob(
  log: StackLog,
  stage: string,
  job: JobRef,
  id: string,
  fields: Record<string, unknown> = {},
): void {
  const line = { name: job.name, tenant: job.tenant, id, ...fields };
  if (WARN_STAGES.has(stage)) log.warn(`job ${stage}`, line);
  else log.info(`job ${stage}`, line);
}

/** `Name: message` of a Step Functions error, as error.json will say it. */
export function describeStatesError(error: StatesFailure): string {
  const { name, message } = describeFailure({
    Error: error.Error,
    Cause: typeof error.Cause === 'string' ? error.Cause : JSON.stringify(error.Cause ?? ''),
  });
  return `${name}: ${message}`;
}

export interface WatchedJob {
  readonly job: JobRef;
  readonly id: string;
  /** False once the execution was interrupted: its remaining events are not logged. */
  readonly live: () => boolean;
  /** Called with each stage entered (the caller keeps the current one). */
  readonly onStage: (stage: string) => void;
  readonly stage: () => string;
}

/** Logs an execution's stages until its event log ends. Never throws. */
export async function watchExecution(
  events: AsyncGenerator<EventLog>,
  watched: WatchedJob,
  log: StackLog,
): Promise<void> {
  const { job, id } = watched;
  let failure: StatesFailure | undefined;
  const lastErrors = new Map<string, StatesFailure>();
  try {
    for await (const event of events) {
      if (!watched.live()) continue;
      switch (event.type) {
        case 'StateEntered': {
          const stage = STAGE_BY_STATE[event.state.name];
          if (stage) {
            watched.onStage(stage);
            logJob(log, stage, job, id);
          }
          if (event.state.name === PIPELINE_TASKS.recordFailure)
            failure = (event.state.input as { error?: StatesFailure } | null)?.error;
          break;
        }
        case 'StateExited': {
          if (event.state.name !== PIPELINE_TASKS.think) break;
          const reasoner = (event.state.output as { think?: { reasoner?: unknown } } | null)?.think?.reasoner;
          if (typeof reasoner === 'string' && isFallbackReasoner(reasoner))
            logJob(log, 'fallback', job, id, { reasoner });
          break;
        }
        case 'StateFailed':
          lastErrors.set(event.state.name, { Error: event.Error, Cause: event.Cause });
          break;
        case 'StateRetried': {
          const error = lastErrors.get(event.state.name);
          logJob(log, 'retrying', job, id, {
            state: event.state.name,
            attempt: event.retry.attempt,
            error: error ? describeStatesError(error) : undefined,
          });
          break;
        }
        case 'ExecutionSucceeded': {
          const output = event.output as { publish?: { outputs?: { video?: string } } } | null;
          logJob(log, 'succeeded', job, id, { video: output?.publish?.outputs?.video });
          break;
        }
        case 'ExecutionFailed': {
          // RecordFailure gave up: the job's error is kept here, and the status may be stale
          const recording = lastErrors.get(PIPELINE_TASKS.recordFailure);
          const unrecorded = event.Error === PIPELINE_ERRORS.failureNotRecorded;
          logJob(log, 'failed', job, id, {
            stage: watched.stage(),
            error: describeStatesError(failure ?? { Error: event.Error, Cause: event.Cause }),
            ...(unrecorded
              ? {
                  recorded: false,
                  recordError: recording ? describeStatesError(recording) : event.Error,
                }
              : {}),
          });
          break;
        }
        default:
          break;
      }
    }
  } catch (error) {
    log.debug('event log ended', { id, error });
  }
}
