/**
 * Prototypes for affective states outside the basic and compound categories: low-arousal states
 * (tired, bored, calm, content), social and self-conscious ones (embarrassed, proud, smug) and
 * a few everyday blends (anxious, hopeful, wistful). Words such as "exhausted", "nervous" or
 * "nostalgic" map onto these (see emotion-words.ts).
 *
 * AU sets follow the descriptive literature rather than one table:
 * - tired / bored: drooping upper lids (AU43 at low intensity), a slack lower face
 *   (Sundelin et al. 2013 on sleep-deprived faces; Ekman's "boredom" lid droop);
 * - anxious: the worry brow 1+4 with lip stretch and press (Harrigan & O'Connell 1996);
 * - embarrassed: a controlled smile, 12 with 24 and 14, eyes down (Keltner 1995);
 * - proud: a small smile with 24 and a raised chin (Tracy & Robins 2004);
 * - polite: the social (non-Duchenne) smile, AU12 without AU6 (Ekman, Davidson & Friesen 1990);
 * - smug: a one-sided smile (unilateral 12 + 14), contempt's positive cousin;
 * - calm and neutral: at rest (calm keeps a trace of 12: relaxed, not blank).
 * Weights are per unit of emotion intensity, like the other prototypes.
 */
import type { EmotionPrototype, PrototypeAu } from './prototypes.js';

const SOURCE = 'descriptive literature (see affective-states.ts)';

const state = (
  label: string,
  valence: number,
  arousal: number,
  units: readonly PrototypeAu[],
): EmotionPrototype => ({
  label,
  kind: 'state',
  valence,
  arousal,
  aus: units,
  source: SOURCE,
});

const aus = (...pairs: readonly [number, number][]): PrototypeAu[] =>
  pairs.map(([au, weight]) => ({ au, weight }));

export const AFFECTIVE_STATES: readonly EmotionPrototype[] = [
  state('neutral', 0, 0.3, []),
  state('calm', 0.25, 0.1, aus([12, 0.15])),
  state('content', 0.55, 0.25, aus([6, 0.25], [12, 0.5])),
  state('tired', -0.2, 0.1, aus([43, 0.7], [15, 0.2], [25, 0.15])),
  state('bored', -0.3, 0.12, aus([43, 0.4], [14, 0.3], [17, 0.25])),
  state('anxious', -0.5, 0.7, aus([1, 0.7], [4, 0.5], [5, 0.3], [20, 0.35], [24, 0.4])),
  state('hopeful', 0.45, 0.45, aus([1, 0.35], [2, 0.25], [6, 0.2], [12, 0.45])),
  state('relieved', 0.5, 0.2, aus([12, 0.4], [25, 0.3], [43, 0.25])),
  state('confused', -0.15, 0.45, aus([4, 0.55], [7, 0.3], [14, 0.25])),
  state('interested', 0.3, 0.55, aus([1, 0.35], [2, 0.35], [5, 0.3])),
  state('embarrassed', -0.3, 0.55, aus([12, 0.4], [14, 0.3], [24, 0.35], [43, 0.25])),
  state('determined', 0.1, 0.6, aus([4, 0.35], [7, 0.3], [17, 0.35], [24, 0.45])),
  state('wistful', 0.05, 0.25, aus([1, 0.5], [12, 0.3], [15, 0.2], [43, 0.2])),
  state('tender', 0.65, 0.25, aus([1, 0.15], [6, 0.35], [12, 0.5], [43, 0.15])),
  state('proud', 0.65, 0.55, aus([6, 0.2], [12, 0.45], [17, 0.25], [24, 0.25])),
  state('polite', 0.15, 0.3, aus([12, 0.9])),
  state('smug', 0.3, 0.35, [
    { au: 6, weight: 0.15 },
    { au: 12, weight: 0.6, unilateral: true },
    { au: 14, weight: 0.4, unilateral: true },
  ]),
];
