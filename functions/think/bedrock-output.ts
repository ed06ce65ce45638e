/**
 * Finds the plan tool call in a Converse reply. The reply is untrusted: the tool may be missing
 * (a text answer), renamed, or cut short by the token limit.
 */
import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { PLAN_TOOL_NAME } from './bedrock-prompt.js';

export type PlanToolUse =
  | {
      readonly ok: true;
      readonly input: unknown;
      /** A note for the repair turn when the reply looks truncated. */
      readonly hint: string | undefined;
    }
  | { readonly ok: false; readonly issues: readonly string[] };

export function readPlanToolUse(response: ConverseCommandOutput): PlanToolUse {
  const content = response.output?.message?.content ?? [];
  const toolUse = content.find((block) => block.toolUse?.name === PLAN_TOOL_NAME)?.toolUse;
  const stopReason = response.stopReason ?? 'unknown';
  if (!toolUse) {
    const other = content.find((block) => block.toolUse)?.toolUse?.name;
    return {
      ok: false,
      issues: [
        other
          ? `called the unknown tool "${other}" instead of ${PLAN_TOOL_NAME}`
          : `the reply has no ${PLAN_TOOL_NAME} call (stopReason: ${stopReason})`,
      ],
    };
  }
  const hint =
    stopReason === 'max_tokens'
      ? 'the reply was cut off by the output token limit: keep the thoughts and descriptions shorter'
      : undefined;
  return { ok: true, input: toolUse.input, hint };
}
