/**
 * The reasoners a think request may name. Dependency-free, so the CLI can offer the choices
 * without loading zod or the reasoners at startup.
 */
export const REASONER_CHOICES = ['facs', 'bedrock'] as const;
export type ReasonerChoice = (typeof REASONER_CHOICES)[number];
