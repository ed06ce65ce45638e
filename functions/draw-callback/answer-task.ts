/**
 * Answers the Draw task of one pending inference and forgets its token. Shared by the SNS
 * callback and the heartbeat sweep, which may both see the same inference finish: the first one
 * answers, the second finds the token record gone (or Step Functions reports the task closed).
 *
 * - completed: the output object must be a DrawResult -> SendTaskSuccess(DrawResult), which the
 *   definition's Draw ResultSelector reads; otherwise SendTaskFailure(DrawResultError)
 * - failed:    SendTaskFailure with drawFailure(error body, SageMaker's reason)
 * - expired:   SendTaskFailure(DrawExpiredError): no answer can come any more
 */
import { DrawResultError, drawFailure, parseDrawResult } from '../shared/draw-failure.js';
import type { TaskTokenRecord, TaskTokenStore } from '../shared/task-token-store.js';
import type { CallbackOutcome, TaskCallbacks } from './task-callbacks.js';

export type DrawAnswer =
  | { readonly kind: 'completed'; readonly output: Uint8Array }
  | { readonly kind: 'failed'; readonly body?: Uint8Array; readonly reason?: string }
  | { readonly kind: 'expired' };

export interface AnswerDeps {
  readonly tokens: TaskTokenStore;
  readonly callbacks: TaskCallbacks;
}

export interface Answered {
  readonly inferenceId: string;
  readonly jobId: string;
  /** 'success', or the error name sent with SendTaskFailure. */
  readonly sent: string;
  readonly delivery: CallbackOutcome;
}

function parseBody(body: Uint8Array | undefined): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

export async function answerTask(
  record: TaskTokenRecord,
  answer: DrawAnswer,
  deps: AnswerDeps,
): Promise<Answered> {
  const token = record.taskToken;
  let sent: string;
  let delivery: CallbackOutcome;
  if (answer.kind === 'completed') {
    try {
      const result = parseDrawResult(answer.output);
      sent = 'success';
      delivery = await deps.callbacks.success(token, result);
    } catch (error) {
      if (!(error instanceof DrawResultError)) throw error;
      sent = error.name;
      delivery = await deps.callbacks.failure(token, error.name, error.message);
    }
  } else if (answer.kind === 'failed') {
    const failure = drawFailure(parseBody(answer.body), answer.reason);
    sent = failure.error;
    delivery = await deps.callbacks.failure(token, failure.error, failure.cause);
  } else {
    sent = 'DrawExpiredError';
    delivery = await deps.callbacks.failure(
      token,
      sent,
      `no answer from the sampler for inference ${record.inferenceId} (submitted ${record.submittedAt}) ` +
        `by ${record.expiresAt}`,
    );
  }
  await deps.tokens.delete(record.inferenceId);
  return { inferenceId: record.inferenceId, jobId: record.jobId, sent, delivery };
}
