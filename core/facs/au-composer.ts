/**
 * Emotions -> FACS action units.
 *
 * Notation: I_e = intensity of emotion e, w_{e,k} = weight of AU k in e's prototype.
 *
 * 1. Each emotion proposes AU k at I_e * w_{e,k}; one-sided prototype AUs (contempt, smug) go on
 *    the phase's side. Blends keep, per AU and side, the strongest proposal (muscles do not add).
 * 2. Smile qualifiers: a social smile ("polite", "doesn't reach the eyes") drops AU6, the cheek
 *    raiser that marks a felt (Duchenne) smile; a felt smile ("genuine", "Duchenne") makes sure
 *    AU6 accompanies AU12 (at 0.75 x AU12 at least); an asymmetric one ("lopsided", "wry") moves
 *    AU6/12/14 to one side.
 * 3. A one-sided AU weaker than the same AU on both sides is redundant and dropped.
 * 4. AUs below a trace (ABSENT_BELOW) are dropped; intensities are rounded to 3 decimals.
 */
import type { PlanActionUnit, Side } from '../plan/expression-plan.js';
import { requireActionUnit } from './action-units.js';
import type { MixedEmotion } from './emotion-mixer.js';
import { ABSENT_BELOW } from './intensity.js';

export interface ComposeOptions {
  readonly smile?: 'social' | 'felt';
  readonly asymmetric: boolean;
  /** Which side one-sided AUs go on (the subject's own side). */
  readonly side: 'left' | 'right';
}

export interface ComposedUnits {
  readonly actionUnits: PlanActionUnit[];
  readonly notes: string[];
}

/** AU6 as a share of AU12 in a felt smile. */
export const FELT_SMILE_AU6_SHARE = 0.75;
const SMILE_AUS: ReadonlySet<number> = new Set([6, 12, 14]);
const SIDE_ORDER: Readonly<Record<Side, number>> = { both: 0, left: 1, right: 2 };

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function composeActionUnits(
  emotions: readonly MixedEmotion[],
  options: ComposeOptions,
): ComposedUnits {
  const notes: string[] = [];
  const units = new Map<string, { au: number; side: Side; intensity: number }>();
  const propose = (au: number, side: Side, intensity: number): void => {
    const key = `${au}:${side}`;
    const current = units.get(key);
    if (!current || current.intensity < intensity) units.set(key, { au, side, intensity });
  };
  const strongest = (au: number): number =>
    Math.max(0, ...[...units.values()].filter((u) => u.au === au).map((u) => u.intensity));

  for (const emotion of emotions) {
    for (const unit of emotion.prototype.aus) {
      propose(unit.au, unit.unilateral ? options.side : 'both', emotion.intensity * unit.weight);
    }
  }

  if (options.smile === 'social') {
    const had = strongest(6) > 0;
    for (const side of ['both', 'left', 'right'] as const) units.delete(`6:${side}`);
    notes.push(`social smile: AU12 without AU6${had ? ' (AU6 removed)' : ''}, the eyes do not join in`);
  } else if (options.smile === 'felt') {
    const lipCorners = strongest(12);
    if (lipCorners > 0) {
      propose(6, 'both', FELT_SMILE_AU6_SHARE * lipCorners);
      notes.push('felt (Duchenne) smile: AU6 raises the cheeks together with AU12');
    }
  }

  if (options.asymmetric) {
    for (const [key, unit] of [...units]) {
      if (unit.side === 'both' && SMILE_AUS.has(unit.au)) {
        units.delete(key);
        propose(unit.au, options.side, unit.intensity);
      }
    }
    notes.push(`asymmetric smile: AU6/12/14 on the ${options.side} side only`);
  }

  for (const [key, unit] of [...units]) {
    const both = units.get(`${unit.au}:both`);
    if (unit.side !== 'both' && both && both.intensity >= unit.intensity) units.delete(key);
  }

  const actionUnits = [...units.values()]
    .filter((u) => u.intensity >= ABSENT_BELOW)
    .sort((a, b) => a.au - b.au || SIDE_ORDER[a.side] - SIDE_ORDER[b.side])
    .map((u) => ({
      au: u.au,
      name: requireActionUnit(u.au).name,
      intensity: round3(Math.min(1, u.intensity)),
      side: u.side,
    }));
  return { actionUnits, notes };
}
