/**
 * A phase's emotion terms -> the emotions it shows, with intensities, valence and arousal.
 *
 * Notation: I = base intensity of a word sense (lexicon), g = product of modifier gains,
 * I' = 1 - (1 - I)^g the modified intensity (see modifier-words.ts); Imax = strongest emotion.
 *
 * 1. Each sense of each term gives (label, I'); a social smile ("polite smile") reads as the
 *    `polite` display rather than felt happiness.
 * 2. Repeated labels keep their strongest intensity.
 * 3. Two basic emotions that form a compound of Du, Tao & Martinez (2014) merge into it, at the
 *    stronger of the two intensities ("pleasantly surprised" -> happily surprised).
 * 4. A phase whose every emotion is negated falls back to its opposite: negated pleasant words only
 *    read as mild displeasure (sad, 0.3), otherwise as calm ("not angry", "neither happy nor sad").
 * 5. A phase with no emotion word at all is neutral.
 * 6. Valence and arousal are the intensity-weighted means of the words' own (v, a), pulled towards
 *    neutral (0, 0.3) for weak emotions: v = v_mean * s, a = 0.3 + (a_mean - 0.3) * s, with
 *    s = 0.4 + 0.6 * Imax.
 */
import { BASIC_EMOTIONS, compoundOf, type EmotionPrototype, requirePrototype } from './prototypes.js';
import type { ParsedPhase } from './text-parser.js';

export interface MixedEmotion {
  readonly label: string;
  readonly intensity: number;
  readonly prototype: EmotionPrototype;
  /** The words it came from, as written. */
  readonly words: readonly string[];
}

export interface PhaseAffect {
  /** Strongest first; ties by label. */
  readonly emotions: readonly MixedEmotion[];
  /** Intensity-weighted mean of the words' valence and arousal (before pulling to neutral). */
  readonly meanValence: number;
  readonly meanArousal: number;
  /** What the mixer decided and why, for the chain of thought. */
  readonly notes: readonly string[];
}

/** Neutral affect, the point weak emotions are pulled towards. */
export const NEUTRAL_AFFECT = { valence: 0, arousal: 0.3 } as const;

/** I' = 1 - (1 - I)^g: modifier gain g applied to base intensity I, staying inside (0, 1). */
export function saturate(intensity: number, gain: number): number {
  return 1 - (1 - intensity) ** gain;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

const BASIC: ReadonlySet<string> = new Set(BASIC_EMOTIONS.filter((e) => e !== 'contempt'));

interface Weighted {
  label: string;
  intensity: number;
  words: string[];
}

function mergeCompounds(list: Weighted[], notes: string[]): Weighted[] {
  const result = [...list];
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < result.length && !merged; i++) {
      for (let j = i + 1; j < result.length && !merged; j++) {
        const a = result[i] as Weighted;
        const b = result[j] as Weighted;
        const compound = BASIC.has(a.label) && BASIC.has(b.label) ? compoundOf(a.label, b.label) : undefined;
        if (!compound) continue;
        notes.push(`${a.label} + ${b.label} form the compound "${compound.label}" (Du, Tao & Martinez 2014)`);
        result[i] = {
          label: compound.label,
          intensity: Math.max(a.intensity, b.intensity),
          words: [...a.words, ...b.words],
        };
        result.splice(j, 1);
        merged = true;
      }
    }
  }
  return result;
}

/** The emotions, valence and arousal of one phase. */
export function mixPhase(phase: ParsedPhase): PhaseAffect {
  const notes: string[] = [];
  const social = phase.smile.social.length > 0;
  const byLabel = new Map<string, Weighted>();
  let vSum = 0;
  let aSum = 0;
  let wSum = 0;
  const add = (label: string, intensity: number, word: string): void => {
    const current = byLabel.get(label);
    if (current) {
      current.intensity = Math.max(current.intensity, intensity);
      if (!current.words.includes(word)) current.words.push(word);
    } else byLabel.set(label, { label, intensity, words: [word] });
  };

  for (const term of phase.terms) {
    let strongest = 0;
    for (const sense of term.entry.senses) {
      const intensity = saturate(sense.intensity, term.gain);
      const label = social && term.entry.smile && sense.label === 'happy' ? 'polite' : sense.label;
      add(label, intensity, term.written);
      strongest = Math.max(strongest, intensity);
    }
    const socialSmile = social && term.entry.smile;
    const valence = socialSmile ? requirePrototype('polite').valence : term.entry.valence;
    const arousal = clamp(
      (socialSmile ? requirePrototype('polite').arousal : term.entry.arousal) + term.arousalShift,
      0,
      1,
    );
    vSum += strongest * valence;
    aSum += strongest * arousal;
    wSum += strongest;
  }
  if (social && phase.terms.some((t) => t.entry.smile)) {
    notes.push(`"${phase.smile.social.join('", "')}" marks a social smile: displayed, not felt`);
  }

  if (byLabel.size === 0 && phase.negated.length > 0) {
    const pleasant = phase.negated.every((n) => n.entry.valence > 0.2);
    const label = pleasant ? 'sad' : 'calm';
    const intensity = pleasant ? 0.3 : 0.45;
    const words = phase.negated.map((n) => `${n.negator} ${n.written}`);
    for (const word of words) add(label, intensity, word);
    const p = requirePrototype(label);
    vSum += intensity * p.valence;
    aSum += intensity * p.arousal;
    wSum += intensity;
    notes.push(
      `${words.map((w) => `"${w}"`).join(', ')} leave${words.length === 1 ? 's' : ''} no emotion word standing: ` +
        `read as ${pleasant ? 'mild displeasure (sad)' : 'calm'}`,
    );
  }
  if (byLabel.size === 0) {
    add('neutral', 0.5, phase.text || '(no words)');
    vSum += 0.5 * NEUTRAL_AFFECT.valence;
    aSum += 0.5 * NEUTRAL_AFFECT.arousal;
    wSum += 0.5;
    notes.push('no emotion word recognised: neutral face');
  }

  const merged = mergeCompounds([...byLabel.values()], notes);
  const emotions = merged
    .map((w) => ({
      label: w.label,
      intensity: w.intensity,
      prototype: requirePrototype(w.label),
      words: w.words,
    }))
    .sort((a, b) => b.intensity - a.intensity || a.label.localeCompare(b.label));
  return { emotions, meanValence: vSum / wSum, meanArousal: aSum / wSum, notes };
}

/** The same affect with every emotion's intensity scaled by `factor` (ramps). */
export function scaleAffect(affect: PhaseAffect, factor: number): PhaseAffect {
  return {
    ...affect,
    emotions: affect.emotions.map((e) => ({ ...e, intensity: clamp(e.intensity * factor, 0, 1) })),
  };
}

/** Valence and arousal of a phase, pulled towards neutral when its emotions are weak (stage 6). */
export function affectValenceArousal(affect: PhaseAffect): { valence: number; arousal: number } {
  const strongest = affect.emotions.reduce((m, e) => Math.max(m, e.intensity), 0);
  const s = 0.4 + 0.6 * strongest;
  return {
    valence: clamp(affect.meanValence * s, -1, 1),
    arousal: clamp(NEUTRAL_AFFECT.arousal + (affect.meanArousal - NEUTRAL_AFFECT.arousal) * s, 0, 1),
  };
}

/** Emotion weights: each emotion's share of the summed intensity (they sum to 1). */
export function emotionWeights(affect: PhaseAffect): { label: string; weight: number }[] {
  const total = affect.emotions.reduce((sum, e) => sum + e.intensity, 0);
  return affect.emotions.map((e) => ({
    label: e.label,
    weight: total > 0 ? e.intensity / total : 1 / affect.emotions.length,
  }));
}
