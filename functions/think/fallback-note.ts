/**
 * How a plan says that its reasoner fell back: `plan.reasoner` becomes
 * `<fallback id> (fallback from <configured id>: <reason>)`, e.g.
 * `facs (fallback from bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0: throttled: ThrottlingException: Rate exceeded)`.
 * BedrockReasoner writes it; whoever reports on a job (the local stack's log) reads it.
 */

/** The `reasoner` of a plan written by `fallbackId` because `fromId` could not write it. */
export function fallbackReasoner(fallbackId: string, fromId: string, reason: string): string {
  return `${fallbackId} (fallback from ${fromId}: ${reason})`;
}

/** True when a plan's `reasoner` records a fallback. */
export function isFallbackReasoner(reasoner: string): boolean {
  return /^\S+ \(fallback from .+\)$/s.test(reasoner);
}
