/**
 * The words the tuning probes (probe.ts, clip-probe.ts) ask the reasoner for, with the judge's label
 * for each: the eval's 7 classes (bench/eval.ts EVAL_EMOTIONS, which runs on import, so the map is
 * kept here for the probes).
 */
import type { HumanEmotionLabel } from './judge.js';

export const PROBE_LABELS: Readonly<Record<string, HumanEmotionLabel>> = {
  neutral: 'neutral',
  happy: 'happy',
  sad: 'sad',
  angry: 'angry',
  fearful: 'fear',
  surprised: 'surprise',
  disgusted: 'disgust',
};

/** The default `--portraits` and `--emotions` of the probes: the eval's matrix. */
export const PROBE_DEFAULTS = {
  portraits: 'astronaut,sample3-f0,facedetect-f3',
  emotions: Object.keys(PROBE_LABELS).join(','),
} as const;
