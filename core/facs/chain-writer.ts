/**
 * The facs reasoner's chain of thought, written out step by step in plain words:
 * appraisal -> emotions -> action units -> muscles -> dynamics.
 */
import type { ChainStep, PlanSegment } from '../plan/expression-plan.js';
import type { ClipDynamics } from './dynamics.js';
import { DYNAMICS_DEFAULTS } from './dynamics.js';
import type { PhaseAffect } from './emotion-mixer.js';
import { describeIntensity } from './intensity.js';
import { AT_REST } from './region-descriptions.js';
import type { ParsedPhase, ParsedTerm } from './text-parser.js';

/** One phase of the text with the segments it became. */
export interface PhaseRecord {
  readonly phase: ParsedPhase;
  readonly affect: PhaseAffect;
  readonly segments: readonly PlanSegment[];
  readonly factors: readonly number[];
  readonly notes: readonly string[];
}

const strongestAu = (s: PlanSegment): number => s.actionUnits.reduce((m, u) => Math.max(m, u.intensity), 0);

/** The segment of a phase with the strongest AU (the last of a rising ramp, the first of a falling one). */
const peakSegment = (segments: readonly PlanSegment[]): PlanSegment =>
  segments.reduce((best, s) => (strongestAu(s) > strongestAu(best) ? s : best));

const fmt = (x: number): string => String(Math.round(x * 100) / 100);
const quote = (s: string): string => `"${s}"`;

function appraise(valence: number, arousal: number): string {
  const pleasantness =
    valence > 0.15
      ? 'pleasant (goal-conducive)'
      : valence < -0.15
        ? 'unpleasant (goal-obstructive)'
        : 'neither clearly pleasant nor unpleasant';
  const activation =
    arousal > 0.65
      ? 'high arousal (urgent, mobilising)'
      : arousal < 0.3
        ? 'low arousal (no urgency)'
        : 'moderate arousal';
  return `${pleasantness}, ${activation}`;
}

function describeTerm(term: ParsedTerm): string {
  const senses = term.entry.senses.map((s) => `${s.label} ${fmt(s.intensity)}`).join(' + ');
  const parts = [`${quote(term.written)} -> ${senses}`];
  if (term.match) parts.push(`(unknown word read as ${quote(term.phrase)}, closest ${term.match})`);
  if (term.entry.estimated) parts.push('(no category of its own: nearest by valence/arousal)');
  if (term.modifiers.length > 0)
    parts.push(`modified by ${term.modifiers.map(quote).join(', ')} (gain x${fmt(term.gain)})`);
  return parts.join(' ');
}

function appraisalStep(prompt: string, records: readonly PhaseRecord[], clip: ClipDynamics): string {
  const lines = [`Read ${quote(prompt)} as ${records.length} phase${records.length === 1 ? '' : 's'}.`];
  records.forEach((record, i) => {
    const { phase } = record;
    const found = phase.terms.length > 0 ? phase.terms.map(describeTerm).join('; ') : 'no emotion word';
    const extra: string[] = [];
    for (const n of phase.negated)
      extra.push(
        `${quote(`${n.negator} ${n.written}`)} is negated, so ${n.entry.senses.map((s) => s.label).join('/')} is left out`,
      );
    if (phase.ramp)
      extra.push(
        `${quote(phase.ramp.word)}: ${phase.ramp.direction === 'rising' ? 'grows' : 'fades'} over the phase`,
      );
    if (phase.smile.social.length > 0)
      extra.push(`social-smile cue ${phase.smile.social.map(quote).join(', ')}`);
    if (phase.smile.felt.length > 0) extra.push(`felt-smile cue ${phase.smile.felt.map(quote).join(', ')}`);
    if (phase.smile.asymmetric.length > 0)
      extra.push(`one-sided cue ${phase.smile.asymmetric.map(quote).join(', ')}`);
    if (phase.side) extra.push(`side: ${phase.side.side}`);
    if (phase.unknown.length > 0) extra.push(`unknown words ignored: ${phase.unknown.map(quote).join(', ')}`);
    const { valence, arousal } = record.segments[record.segments.length - 1] as PlanSegment;
    lines.push(
      `Phase ${i + 1} ${quote(phase.text)}: ${found}${extra.length > 0 ? `; ${extra.join('; ')}` : ''}. ` +
        `Appraised as ${appraise(valence, arousal)}.`,
    );
  });
  lines.push(
    `Overall: ${appraise(clip.meanValence, clip.meanArousal)} (valence ${fmt(clip.meanValence)}, arousal ${fmt(clip.meanArousal)}).`,
  );
  return lines.join(' ');
}

function emotionsStep(records: readonly PhaseRecord[]): string {
  return records
    .map((record, i) => {
      const emotions = record.affect.emotions
        .map(
          (e) =>
            `${e.label} at ${fmt(e.intensity)} (${e.prototype.kind}, from ${e.words.map(quote).join(', ')})`,
        )
        .join(' + ');
      const peak = record.segments[record.segments.length - 1] as PlanSegment;
      const weights = peak.emotions.map((e) => `${e.label} ${Math.round(e.weight * 100)}%`).join(', ');
      const notes = record.affect.notes.length > 0 ? ` ${record.affect.notes.join('; ')}.` : '';
      return `Phase ${i + 1}: ${emotions}; weights ${weights}; valence ${fmt(peak.valence)}, arousal ${fmt(peak.arousal)}.${notes}`;
    })
    .join(' ');
}

function actionUnitsStep(records: readonly PhaseRecord[]): string {
  return records
    .map((record, i) => {
      const peak = peakSegment(record.segments);
      const units =
        peak.actionUnits.length > 0
          ? peak.actionUnits
              .map(
                (u) =>
                  `AU${u.au} ${u.name} ${fmt(u.intensity)} ${describeIntensity(u.intensity)}${u.side === 'both' ? '' : ` ${u.side}`}`,
              )
              .join(', ')
          : 'none (the face stays at rest)';
      const sources = record.affect.emotions
        .filter((e) => e.prototype.aus.length > 0)
        .map((e) => `${e.label}: ${e.prototype.source}`);
      const notes = record.notes.length > 0 ? ` ${record.notes.join('; ')}.` : '';
      const from = sources.length > 0 ? ` Prototypes: ${sources.join('; ')}.` : '';
      return `Phase ${i + 1}${record.segments.length > 1 ? ' at its peak' : ''}: ${units}.${from}${notes}`;
    })
    .join(' ');
}

function musclesStep(records: readonly PhaseRecord[]): string {
  return records
    .map((record, i) => {
      const peak = peakSegment(record.segments);
      const regions = Object.entries(peak.regions)
        .filter(([, text]) => text !== AT_REST)
        .map(([region, text]) => `${region}: ${text}`);
      const at = record.segments.length > 1 ? ' at its peak' : '';
      return `Phase ${i + 1}${at}: ${regions.length > 0 ? regions.join('. ') : 'all regions at rest'}.`;
    })
    .join(' ');
}

function dynamicsStep(records: readonly PhaseRecord[], clip: ClipDynamics): string {
  const timing = records.map((record, i) => {
    const first = record.segments[0] as PlanSegment;
    const last = record.segments[record.segments.length - 1] as PlanSegment;
    const span = `[${fmt(first.start)}, ${fmt(last.end)}]`;
    const ramp =
      record.factors.length > 1
        ? `, ${record.segments.length} steps at intensity x${record.factors.map(fmt).join(' -> x')}`
        : '';
    return `phase ${i + 1} ${span}${ramp}`;
  });
  const d = DYNAMICS_DEFAULTS;
  return (
    `Timing: ${timing.join('; ')}. Blink rate ${fmt(clip.blinkRatePerMin)}/min ` +
    `(resting ${d.restingBlinkRate}/min, mean arousal ${fmt(clip.meanArousal)}, anxious share ${fmt(clip.anxiety)}); ` +
    `head motion ${fmt(clip.headMotion)} from arousal.`
  );
}

/** The five chain-of-thought steps. */
export function writeChain(prompt: string, records: readonly PhaseRecord[], clip: ClipDynamics): ChainStep[] {
  return [
    { step: 'appraisal', thought: appraisalStep(prompt, records, clip) },
    { step: 'emotions', thought: emotionsStep(records) },
    { step: 'action units', thought: actionUnitsStep(records) },
    { step: 'muscles', thought: musclesStep(records) },
    { step: 'dynamics', thought: dynamicsStep(records, clip) },
  ];
}
