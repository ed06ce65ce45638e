/**
 * The `bedrock` reasoner: Amazon Bedrock's Converse API with one forced tool whose input schema
 * is the plan schema, temperature 0.
 *
 * Stages of `reason(text)`:
 * 1. validate the emotion text (EmotionTextError: the caller's fault, never a fallback);
 * 2. Converse: system prompt (chain steps + AU catalogue), the text as delimited data, forced
 *    `emit_expression_plan` call;
 * 3. read the tool input as untrusted: clampPlan -> force schemaVersion, prompt and reasoner
 *    (never the model's say) -> parsePlan -> assertKnownActionUnits;
 * 4. if invalid, ONE repair turn: the tool call answered by a `toolResult` with status "error"
 *    and the validation messages; the second reply is validated the same way;
 * 5. still invalid (BedrockOutputError) or the call failed (BedrockUnavailableError): the
 *    fallback reasoner (`facs` by default) writes the plan, and the plan says so in `reasoner`
 *    ("facs (fallback from bedrock:<model>: <reason>)") and in a first chain step "fallback";
 *    with `fallback: 'fail'` the named error is thrown instead.
 * A caller's abort (`options.signal`) is rethrown as is: cancelling is not a failure to hide.
 */
import {
  BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type Message,
  type ToolInputSchema,
} from '@aws-sdk/client-bedrock-runtime';
import { FACS_REASONER_DEFAULTS, FacsReasoner } from '../../core/facs/facs-reasoner.js';
import { PlanError } from '../../core/plan/errors.js';
import { type ExpressionPlan, PLAN_SCHEMA_VERSION } from '../../core/plan/expression-plan.js';
import { planJsonSchema } from '../../core/plan/json-schema.js';
import type { Reasoner, ReasonOptions } from '../../core/plan/reasoner.js';
import {
  assertKnownActionUnits,
  clampPlan,
  parsePlan,
  validateEmotionText,
} from '../../core/plan/validate.js';
import { toBedrockUnavailable } from './bedrock-failure.js';
import { readPlanToolUse } from './bedrock-output.js';
import {
  PLAN_TOOL_DESCRIPTION,
  PLAN_TOOL_NAME,
  repairMessage,
  systemPrompt,
  userMessage,
} from './bedrock-prompt.js';
import { BedrockOutputError, BedrockReasonerError, BedrockUnavailableError } from './errors.js';
import { fallbackReasoner } from './fallback-note.js';

export const BEDROCK_DEFAULTS = {
  /**
   * Any Bedrock model that supports Converse with tool use and a forced `toolChoice.tool`
   * (Anthropic Claude 3+, Amazon Nova, Mistral Large). Newer models are served only through
   * cross-region inference profiles: pass the profile id, e.g. "us.anthropic.claude-3-5-sonnet-20241022-v2:0".
   * @default 'anthropic.claude-3-5-sonnet-20240620-v1:0'
   */
  modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  /** Per Converse call; a reason() makes at most two calls. @default 60_000 */
  timeoutMs: 60_000,
  /** Output token budget of one reply (a 3-segment plan is ~2k tokens). @default 4096 */
  maxTokens: 4096,
  /** Deterministic decoding. @default 0 */
  temperature: 0,
  /** Longest emotion text accepted, in characters: the facs fallback's limit. @default 2000 */
  maxLength: FACS_REASONER_DEFAULTS.maxLength,
  /** Longest fallback reason recorded in `plan.reasoner`. @default 160 */
  maxReasonLength: 160,
} as const;

export interface BedrockReasonerOptions {
  /** Injected client (tests, custom retry/endpoint); otherwise one is created for `region`. */
  readonly client?: BedrockRuntimeClient;
  /** @default BEDROCK_DEFAULTS.modelId */
  readonly modelId?: string;
  /** Region of the created client; omitted: the SDK's chain (AWS_REGION, profile). */
  readonly region?: string;
  /** Who writes the plan when Bedrock cannot; 'fail' throws instead. @default new FacsReasoner() */
  readonly fallback?: Reasoner | 'fail';
  /** @default BEDROCK_DEFAULTS.maxLength */
  readonly maxLength?: number;
  /** @default BEDROCK_DEFAULTS.timeoutMs */
  readonly timeoutMs?: number;
  /** @default BEDROCK_DEFAULTS.maxTokens */
  readonly maxTokens?: number;
}

export class BedrockReasoner implements Reasoner {
  readonly id: string;
  readonly modelId: string;
  readonly #client: BedrockRuntimeClient;
  readonly #fallback: Reasoner | 'fail';
  readonly #maxLength: number;
  readonly #timeoutMs: number;
  readonly #request: Omit<ConverseCommandInput, 'messages'>;

  constructor(options: BedrockReasonerOptions = {}) {
    this.modelId = options.modelId ?? BEDROCK_DEFAULTS.modelId;
    this.id = `bedrock:${this.modelId}`;
    this.#client =
      options.client ?? new BedrockRuntimeClient(options.region ? { region: options.region } : {});
    this.#maxLength = options.maxLength ?? BEDROCK_DEFAULTS.maxLength;
    this.#fallback = options.fallback ?? new FacsReasoner({ maxLength: this.#maxLength });
    this.#timeoutMs = options.timeoutMs ?? BEDROCK_DEFAULTS.timeoutMs;
    this.#request = {
      modelId: this.modelId,
      system: [{ text: systemPrompt() }],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: PLAN_TOOL_NAME,
              description: PLAN_TOOL_DESCRIPTION,
              inputSchema: { json: planJsonSchema() } as ToolInputSchema,
            },
          },
        ],
        toolChoice: { tool: { name: PLAN_TOOL_NAME } },
      },
      inferenceConfig: {
        temperature: BEDROCK_DEFAULTS.temperature,
        maxTokens: options.maxTokens ?? BEDROCK_DEFAULTS.maxTokens,
      },
    };
  }

  async reason(text: string, options: ReasonOptions = {}): Promise<ExpressionPlan> {
    const emotion = validateEmotionText(text, this.#maxLength);
    try {
      return await this.#think(emotion, options.signal);
    } catch (error) {
      if (!(error instanceof BedrockReasonerError) || this.#fallback === 'fail') throw error;
      return this.#fallBack(this.#fallback, emotion, error, options);
    }
  }

  async #think(text: string, signal: AbortSignal | undefined): Promise<ExpressionPlan> {
    const messages: Message[] = [{ role: 'user', content: [{ text: userMessage(text) }] }];
    const first = await this.#converse(messages, signal);
    const attempt = this.#read(first, text);
    if (attempt.ok) return attempt.plan;

    const assistant = first.output?.message;
    if (assistant?.content?.length) {
      messages.push(assistant, { role: 'user', content: repairContent(assistant, attempt.issues) });
    } else {
      // Nothing to answer (an empty reply): ask again, with the reasons in the same user turn.
      messages[0] = {
        role: 'user',
        content: [{ text: `${userMessage(text)}\n\n${repairMessage(attempt.issues)}` }],
      };
    }
    const second = await this.#converse(messages, signal);
    const repaired = this.#read(second, text);
    if (repaired.ok) return repaired.plan;
    throw new BedrockOutputError(repaired.issues, this.modelId, { cause: repaired.error });
  }

  /** Stage 3: the reply as untrusted input. */
  #read(response: ConverseCommandOutput, text: string): Attempt {
    const toolUse = readPlanToolUse(response);
    if (!toolUse.ok) return { ok: false, issues: toolUse.issues, error: undefined };
    try {
      const clamped = clampPlan(toolUse.input);
      const forced = isRecord(clamped)
        ? { ...clamped, schemaVersion: PLAN_SCHEMA_VERSION, prompt: text, reasoner: this.id }
        : clamped;
      const plan = parsePlan(forced);
      assertKnownActionUnits(plan);
      return { ok: true, plan };
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      return { ok: false, issues: issuesOf(error, toolUse.hint), error };
    }
  }

  /** One Converse call, bounded by the per-call timeout and the caller's signal. */
  async #converse(messages: Message[], signal: AbortSignal | undefined): Promise<ConverseCommandOutput> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const command = new ConverseCommand({ ...this.#request, messages: structuredClone(messages) });
    try {
      // The race also bounds clients that ignore the abort signal.
      return await Promise.race([this.#client.send(command, { abortSignal }), rejectOnAbort(abortSignal)]);
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw toBedrockUnavailable(error, this.modelId, timeout.aborted ? this.#timeoutMs : undefined);
    }
  }

  async #fallBack(
    fallback: Reasoner,
    text: string,
    error: BedrockReasonerError,
    options: ReasonOptions,
  ): Promise<ExpressionPlan> {
    const plan = await fallback.reason(text, options);
    const reason = fallbackReason(error);
    return {
      ...plan,
      reasoner: fallbackReasoner(fallback.id, this.id, reason),
      chain: [
        {
          step: 'fallback',
          thought: `${this.id} could not produce a valid plan (${reason}); the ${fallback.id} reasoner wrote this one.`,
        },
        ...plan.chain,
      ],
    };
  }
}

type Attempt =
  | { readonly ok: true; readonly plan: ExpressionPlan }
  | { readonly ok: false; readonly issues: readonly string[]; readonly error: unknown };

/** Most issues sent back to the model in the repair turn. */
const MAX_REPAIR_ISSUES = 20;

function issuesOf(error: PlanError, hint: string | undefined): string[] {
  const zodIssues = (error as { issues?: unknown }).issues;
  const issues =
    Array.isArray(zodIssues) && zodIssues.length > 0
      ? zodIssues.map((issue: { path?: PropertyKey[]; message?: string }) => {
          const path = issue.path?.length ? issue.path.map(String).join('.') : '(root)';
          return `${path}: ${issue.message ?? 'invalid'}`;
        })
      : [error.message];
  return [...(hint ? [hint] : []), ...issues].slice(0, MAX_REPAIR_ISSUES);
}

/**
 * The repair turn's user content: every tool call of the reply must be answered by a toolResult
 * (the API refuses the conversation otherwise), so each gets status "error" and the reasons;
 * a reply without tool calls gets the reasons as text.
 */
function repairContent(assistant: Message, issues: readonly string[]): ContentBlock[] {
  const text = repairMessage(issues);
  const toolUseIds = (assistant.content ?? []).flatMap((block) => block.toolUse?.toolUseId ?? []);
  if (toolUseIds.length === 0) return [{ text }];
  return toolUseIds.map((toolUseId) => ({ toolResult: { toolUseId, status: 'error', content: [{ text }] } }));
}

function fallbackReason(error: BedrockReasonerError): string {
  const reason =
    error instanceof BedrockUnavailableError
      ? `${error.kind}: ${error.detail}`
      : error instanceof BedrockOutputError
        ? `invalid output after repair: ${error.issues[0] ?? 'no details'}`
        : error.message;
  const max = BEDROCK_DEFAULTS.maxReasonLength;
  return reason.length > max ? `${reason.slice(0, max - 1)}…` : reason;
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
