/**
 * The ExpressionPlan: the Think stage's output and the Draw stage's input.
 *
 * Field names are a public contract (issue 2): add fields, never rename them. Every producer
 * (the offline `facs` reasoner, Bedrock, a user-edited plan file) is parsed with this one schema.
 */
import { z } from 'zod';

export const PLAN_SCHEMA_VERSION = 1 as const;

export const SIDES = ['both', 'left', 'right'] as const;
export const REGIONS = ['brows', 'eyes', 'nose', 'cheeks', 'mouth', 'jaw'] as const;
export type Region = (typeof REGIONS)[number];

export const ChainStepSchema = z
  .object({
    step: z.string().min(1).describe('Name of the reasoning step, e.g. "appraisal".'),
    thought: z.string().min(1).describe('What was concluded at this step, in plain words.'),
  })
  .describe('One step of the chain of thought.');

export const EmotionWeightSchema = z.object({
  label: z
    .string()
    .min(1)
    .describe('Emotion category, basic or compound, e.g. "sad" or "happily surprised".'),
  weight: z.number().min(0).max(1).describe('Share of this emotion in the segment, 0..1.'),
});

export const ActionUnitSchema = z.object({
  au: z.number().int().positive().describe('FACS action unit number, e.g. 12 for the lip corner puller.'),
  name: z.string().min(1).describe('FACS name of the action unit.'),
  intensity: z.number().min(0).max(1).describe('Intensity 0..1 (FACS A..E map onto 0.1..1).'),
  side: z.enum(SIDES).describe('Which side of the face moves; "left"/"right" are the subject\'s own sides.'),
});

export const RegionDescriptionsSchema = z
  .object({
    brows: z.string().optional(),
    eyes: z.string().optional(),
    nose: z.string().optional(),
    cheeks: z.string().optional(),
    mouth: z.string().optional(),
    jaw: z.string().optional(),
  })
  .describe('Per-region muscle movement descriptions.');

export const SegmentSchema = z.object({
  start: z.number().min(0).max(1).describe('Start, as a fraction of the clip.'),
  end: z.number().min(0).max(1).describe('End, as a fraction of the clip.'),
  emotions: z.array(EmotionWeightSchema).min(1),
  valence: z.number().min(-1).max(1).describe('Valence, -1 (unpleasant) .. 1 (pleasant).'),
  arousal: z.number().min(0).max(1).describe('Arousal, 0 (calm) .. 1 (excited).'),
  actionUnits: z.array(ActionUnitSchema),
  regions: RegionDescriptionsSchema,
});

export const GlobalDynamicsSchema = z.object({
  blinkRatePerMin: z.number().min(0).max(60).describe('Blinks per minute.'),
  headMotion: z.number().min(0).max(1).describe('Amount of head motion, 0 (still) .. 1 (lively).'),
});

/** Segments must be ordered, contiguous and cover [0, 1]. */
const SEGMENT_TOLERANCE = 1e-6;

export const ExpressionPlanSchema = z
  .object({
    schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
    prompt: z.string(),
    reasoner: z
      .string()
      .min(1)
      .describe('Which reasoner produced the plan: "facs", "bedrock:<model>", "user".'),
    chain: z.array(ChainStepSchema),
    segments: z.array(SegmentSchema).min(1),
    global: GlobalDynamicsSchema,
  })
  .superRefine((plan, ctx) => {
    const { segments } = plan;
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (first && Math.abs(first.start) > SEGMENT_TOLERANCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['segments', 0, 'start'],
        message: 'the first segment must start at 0',
      });
    }
    if (last && Math.abs(last.end - 1) > SEGMENT_TOLERANCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['segments', segments.length - 1, 'end'],
        message: 'the last segment must end at 1',
      });
    }
    segments.forEach((segment, i) => {
      if (segment.end <= segment.start) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', i, 'end'],
          message: 'end must be greater than start',
        });
      }
      const next = segments[i + 1];
      if (next && Math.abs(next.start - segment.end) > SEGMENT_TOLERANCE) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', i + 1, 'start'],
          message: `segments must be contiguous: starts at ${next.start}, previous ends at ${segment.end}`,
        });
      }
    });
  });

export type ExpressionPlan = z.infer<typeof ExpressionPlanSchema>;
export type PlanSegment = z.infer<typeof SegmentSchema>;
export type PlanActionUnit = z.infer<typeof ActionUnitSchema>;
export type PlanEmotion = z.infer<typeof EmotionWeightSchema>;
export type ChainStep = z.infer<typeof ChainStepSchema>;
export type Side = (typeof SIDES)[number];
