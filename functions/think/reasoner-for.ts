/**
 * Which reasoner a think invocation uses: the event's choice, else env `TBD_REASONER`
 * (default `bedrock` in the cloud); the Bedrock model from the event, else `BEDROCK_MODEL_ID`.
 * Reasoners are created once per (kind, model) and reused across warm invocations.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { z } from 'zod';
import { FacsReasoner } from '../../core/facs/facs-reasoner.js';
import type { Reasoner } from '../../core/plan/reasoner.js';
import { BEDROCK_DEFAULTS, BedrockReasoner } from './bedrock-reasoner.js';
import { ThinkError } from './errors.js';
import { REASONER_CHOICES, type ReasonerChoice } from './think-event.js';

export interface ReasonerRequest {
  readonly reasoner?: ReasonerChoice;
  readonly modelId?: string;
}

/** The handler's reasoner port: an event's request -> the reasoner to run. */
export type ReasonerFor = (request: ReasonerRequest) => Reasoner;

export const THINK_DEFAULTS = {
  /** Reasoner when neither the event nor `TBD_REASONER` names one. @default 'bedrock' */
  reasoner: 'bedrock',
} as const satisfies { reasoner: ReasonerChoice };

const ThinkEnvSchema = z.object({
  TBD_REASONER: z.enum(REASONER_CHOICES).default(THINK_DEFAULTS.reasoner),
  BEDROCK_MODEL_ID: z.string().min(1).default(BEDROCK_DEFAULTS.modelId),
  AWS_REGION: z.string().min(1).optional(),
});

export interface ReasonerConfig {
  readonly reasoner: ReasonerChoice;
  readonly modelId: string;
  readonly region?: string;
  /** Limit of one Converse call. @default BEDROCK_DEFAULTS.timeoutMs */
  readonly timeoutMs?: number;
}

/** Reads `TBD_REASONER`, `BEDROCK_MODEL_ID`, `AWS_REGION`; a bad value fails the cold start. */
export function reasonerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReasonerConfig {
  const result = ThinkEnvSchema.safeParse({
    TBD_REASONER: env.TBD_REASONER || undefined,
    BEDROCK_MODEL_ID: env.BEDROCK_MODEL_ID || undefined,
    AWS_REGION: env.AWS_REGION || undefined,
  });
  if (!result.success) {
    const fields = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ThinkError(`invalid think configuration: ${fields}`, { cause: result.error });
  }
  const { TBD_REASONER, BEDROCK_MODEL_ID, AWS_REGION } = result.data;
  return { reasoner: TBD_REASONER, modelId: BEDROCK_MODEL_ID, region: AWS_REGION };
}

/**
 * @param client shared by every Bedrock reasoner created here (one connection pool).
 */
export function createReasonerFor(config: ReasonerConfig, client?: BedrockRuntimeClient): ReasonerFor {
  const cache = new Map<string, Reasoner>();
  return (request) => {
    const kind = request.reasoner ?? config.reasoner;
    const modelId = request.modelId ?? config.modelId;
    const key = kind === 'facs' ? 'facs' : `bedrock:${modelId}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const reasoner =
      kind === 'facs'
        ? new FacsReasoner({ maxLength: BEDROCK_DEFAULTS.maxLength })
        : new BedrockReasoner({
            client,
            modelId,
            region: config.region,
            maxLength: BEDROCK_DEFAULTS.maxLength,
            ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
          });
    cache.set(key, reasoner);
    return reasoner;
  };
}
