/**
 * The local `ExecutionStarter`: runs THE pipeline definition (infra/state-machine/pipeline.asl.json,
 * loaded with the local substitutions) with aws-local-stepfunctions, every Task state mapped to
 * a handler module in-process (`taskResourceLocalHandlers`, see task-handlers.ts).
 *
 * Like Step Functions:
 * - an execution is named after the job id, and a name runs once: starting it again (in this
 *   process, or after a restart: the execution record in `jobs/<id>/local-execution.json`)
 *   resolves `{ started: false }`;
 * - `start` returns at once; the execution runs in the background.
 *
 * Locally:
 * - at most `maxConcurrent` executions run at once (the sampler draws one job at a time anyway);
 *   the others wait in order. A waiting job's status already says `thinking` (ingest marks it so
 *   once started), its log says `queued`;
 * - `deferWhile(fn)`: executions started during `fn` begin only after it returns. The stack runs
 *   every ingest inside it, so ingest's `thinking` update cannot race the Draw task's `drawing`
 *   update (s3rver ignores If-Match, so a racing read-modify-write could be lost);
 * - one log line per stage: `job queued|thinking|drawing|publishing|succeeded|failed`, from the
 *   execution's event log (StateEntered Think/Draw/Publish, ExecutionSucceeded/Failed), and
 *   `job retrying` for a Retry;
 * - `stop()`: waiting executions are not begun; running ones get `graceMs` to finish, then are
 *   aborted (`onGraceExpired` cuts their sampler calls). Neither is marked failed: the status
 *   record stays where it was and the next start resumes the job (recover-jobs.ts).
 */
import '../polyfills.js';
import { StateMachine } from 'aws-local-stepfunctions';
import type { JobRef } from '../../core/jobs/job-keys.js';
import type { PipelineInput } from '../../core/jobs/pipeline-input.js';
import { resolvesWithin } from '../../core/util/resolves-within.js';
import type { ExecutionStarter, StartRequest, StartResult } from '../../functions/ingest/starter.js';
import type { JobStore } from '../../functions/shared/job-store.js';
import { loadDefinition } from '../../infra/state-machine/load-definition.js';
import { LOCAL_SUBSTITUTIONS, localContext } from '../../infra/state-machine/local-context.js';
import type { PipelineTask } from '../../infra/state-machine/pipeline-states.js';
import { StackStoppingError, TaskFailure } from './errors.js';
import { type ExecutionRecord, ExecutionRecords, localExecutionId } from './execution-record.js';
import { logJob, watchExecution } from './job-log.js';
import { createStackLog, type StackLog } from './stack-log.js';

export const LOCAL_STARTER_DEFAULTS = {
  /** Executions running at once. @default 1 */
  maxConcurrent: 1,
  /** How long stop() waits for a handler still running after its execution was aborted. @default 10000 */
  handlerSettleMs: 10_000,
} as const;

/** A one-argument task per Task state (what `taskResourceLocalHandlers` takes). */
export type TaskHandlers = Readonly<Record<PipelineTask, (input: unknown) => Promise<unknown>>>;

export type ExecutionState = 'waiting' | 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface ExecutionInfo {
  readonly name: string;
  readonly executionId: string;
  readonly job: JobRef;
  readonly state: ExecutionState;
  /** 1 for a new execution, more when resumed after restarts. */
  readonly runs: number;
}

export interface LocalStarterOptions {
  readonly handlers: TaskHandlers;
  readonly jobs: JobStore;
  /** @default new ExecutionRecords(jobs.objects) */
  readonly records?: ExecutionRecords;
  /** @default a stack log on stdout */
  readonly log?: StackLog;
  /** @default LOCAL_STARTER_DEFAULTS.maxConcurrent */
  readonly maxConcurrent?: number;
  /** The definition to run. @default loadDefinition(LOCAL_SUBSTITUTIONS) */
  readonly definition?: Record<string, unknown>;
  /** Retry intervals per state, in milliseconds (aws-local-stepfunctions' unit; tests: 0). @default the definition's */
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
}

export interface StopOptions {
  /** How long running executions may take to finish. */
  readonly graceMs: number;
  /** Called when the grace period ran out, after the executions were aborted. */
  readonly onGraceExpired?: () => void;
}

interface Entry {
  readonly name: string;
  readonly input: PipelineInput;
  readonly runs: number;
  state: ExecutionState;
  stage: string;
  abort?: () => void;
  done?: Promise<void>;
}

export class LocalStarter implements ExecutionStarter {
  readonly #machine: StateMachine;
  readonly #handlers: TaskHandlers;
  readonly #jobs: JobStore;
  readonly #records: ExecutionRecords;
  readonly #log: StackLog;
  readonly #maxConcurrent: number;
  readonly #retryIntervals: Readonly<Record<string, number>> | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #waiting: Entry[] = [];
  readonly #running = new Set<Entry>();
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Names between the check and the record write of start(). */
  readonly #starting = new Set<string>();
  #holds = 0;
  #stopping = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: LocalStarterOptions) {
    this.#machine = new StateMachine(
      (options.definition ?? loadDefinition(LOCAL_SUBSTITUTIONS)) as unknown as ConstructorParameters<
        typeof StateMachine
      >[0],
    );
    this.#jobs = options.jobs;
    this.#records = options.records ?? new ExecutionRecords(options.jobs.objects);
    this.#log = options.log ?? createStackLog();
    this.#maxConcurrent = Math.max(1, options.maxConcurrent ?? LOCAL_STARTER_DEFAULTS.maxConcurrent);
    this.#retryIntervals = options.retryIntervalOverrides;
    this.#handlers = this.#track(options.handlers);
  }

  async start(request: StartRequest): Promise<StartResult> {
    const executionId = localExecutionId(request.name);
    if (this.#stopping) throw new StackStoppingError(`execution ${request.name} was not started`);
    if (this.#entries.has(request.name) || this.#starting.has(request.name))
      return { started: false, executionId };
    this.#starting.add(request.name);
    try {
      if (await this.#records.exists(request.name)) return { started: false, executionId };
      const now = this.#jobs.now().toISOString();
      await this.#records.write({
        schemaVersion: 1,
        name: request.name,
        executionId,
        input: request.input,
        runs: 1,
        startedAt: now,
        updatedAt: now,
      });
      this.#enqueue({ name: request.name, input: request.input, runs: 1, state: 'waiting', stage: 'queued' });
      return { started: true, executionId };
    } finally {
      this.#starting.delete(request.name);
    }
  }

  /**
   * Runs a recorded execution again from the start, under the same name and input (a restart's
   * recovery: every stage is idempotent). Counts the run in the record.
   */
  async resume(record: ExecutionRecord): Promise<void> {
    if (this.#stopping) throw new StackStoppingError(`execution ${record.name} was not resumed`);
    if (this.#entries.has(record.name)) return;
    const runs = record.runs + 1;
    await this.#records.write({ ...record, runs, updatedAt: this.#jobs.now().toISOString() });
    this.#enqueue({ name: record.name, input: record.input, runs, state: 'waiting', stage: 'queued' });
  }

  /** Runs `fn`; executions started meanwhile begin once it has returned. */
  async deferWhile<T>(fn: () => Promise<T>): Promise<T> {
    this.#holds += 1;
    try {
      return await fn();
    } finally {
      this.#holds -= 1;
      this.#pump();
    }
  }

  executions(): ExecutionInfo[] {
    return [...this.#entries.values()].map((entry) => ({
      name: entry.name,
      executionId: localExecutionId(entry.name),
      job: entry.input.job,
      state: entry.state,
      runs: entry.runs,
    }));
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  get running(): number {
    return this.#running.size;
  }

  /** Resolves when no execution waits or runs. */
  idle(): Promise<void> {
    if (this.#waiting.length === 0 && this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** See the module comment. Resolves with the names of the executions left unfinished. */
  async stop(options: StopOptions): Promise<{ interrupted: string[] }> {
    this.#stopping = true;
    const interrupted: string[] = [];
    for (const entry of this.#waiting.splice(0)) {
      entry.state = 'interrupted';
      interrupted.push(entry.name);
      this.#jobLog('interrupted', entry, { detail: 'not begun; resumes on the next start' });
    }
    const running = [...this.#running];
    if (running.length > 0) {
      this.#log.info('waiting for running jobs to finish', {
        jobs: running.length,
        graceSec: options.graceMs / 1000,
      });
      const all = Promise.all(running.map((entry) => entry.done));
      if (!(await resolvesWithin(all, options.graceMs))) {
        for (const entry of running) {
          if (entry.state !== 'running') continue;
          entry.state = 'interrupted';
          interrupted.push(entry.name);
          entry.abort?.();
          this.#jobLog('interrupted', entry, { stage: entry.stage, detail: 'resumes on the next start' });
        }
        options.onGraceExpired?.();
        await all;
      }
    }
    await resolvesWithin(
      Promise.allSettled([...this.#inFlight]).then(noop),
      LOCAL_STARTER_DEFAULTS.handlerSettleMs,
    );
    this.#settleIdle();
    return { interrupted };
  }

  #enqueue(entry: Entry): void {
    this.#entries.set(entry.name, entry);
    this.#waiting.push(entry);
    this.#jobLog(entry.runs > 1 ? 'resumed' : 'queued', entry, entry.runs > 1 ? { run: entry.runs } : {});
    this.#pump();
  }

  #pump(): void {
    while (
      !this.#stopping &&
      this.#holds === 0 &&
      this.#running.size < this.#maxConcurrent &&
      this.#waiting.length > 0
    ) {
      const entry = this.#waiting.shift()!;
      this.#running.add(entry);
      entry.state = 'running';
      entry.done = this.#run(entry).finally(() => {
        this.#running.delete(entry);
        this.#pump();
        this.#settleIdle();
      });
    }
  }

  async #run(entry: Entry): Promise<void> {
    const { name, input } = entry;
    const execution = this.#machine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: this.#handlers as never,
        ...(this.#retryIntervals ? { retryIntervalOverrides: { ...this.#retryIntervals } } : {}),
      },
      context: localContext({ name, input }),
    });
    entry.abort = execution.abort;
    const watched = watchExecution(
      execution.eventLogs,
      {
        job: input.job,
        id: name,
        live: () => entry.state !== 'interrupted',
        onStage: (stage) => {
          entry.stage = stage;
        },
        stage: () => entry.stage,
      },
      this.#log,
    );
    try {
      await execution.result;
      if (entry.state === 'running') entry.state = 'succeeded';
    } catch (error) {
      if (entry.state === 'running') entry.state = 'failed';
      if (entry.state === 'interrupted') this.#log.debug('execution aborted', { id: name });
      else if ((error as Error)?.name !== 'ExecutionError')
        this.#log.error('execution ended unexpectedly', { id: name, error });
    }
    await watched;
  }

  #jobLog(stage: string, entry: Entry, fields: Record<string, unknown> = {}): void {
    logJob(this.#log, stage, entry.input.job, entry.name, fields);
  }

  /**
   * Counts handler calls in flight, so stop() can let an aborted execution's task settle; hands
   * their errors on as TaskFailure (the Cause the event log and the log lines show).
   */
  #track(handlers: TaskHandlers): TaskHandlers {
    const tracked = {} as Record<PipelineTask, (input: unknown) => Promise<unknown>>;
    for (const [state, handler] of Object.entries(handlers) as [PipelineTask, TaskHandlers[PipelineTask]][]) {
      tracked[state] = (input) => {
        const call = handler(input).catch((error: unknown) => {
          throw new TaskFailure(error);
        });
        this.#inFlight.add(call);
        const forget = () => this.#inFlight.delete(call);
        call.then(forget, forget);
        return call;
      };
    }
    return tracked;
  }

  #settleIdle(): void {
    if (this.#waiting.length > 0 || this.#running.size > 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}

function noop(): void {}
