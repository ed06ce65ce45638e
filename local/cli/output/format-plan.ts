/**
 * An ExpressionPlan for humans: the chain of thought step by step, then per segment the emotions
 * with weights, valence/arousal, an AU table (AU, name, intensity bar + number + FACS letter,
 * side, region) and the region descriptions; then the global dynamics. Pure: returns a string.
 */
import { actionUnit } from '../../../core/facs/action-units.js';
import { letterFromIntensity } from '../../../core/facs/intensity.js';
import { type ExpressionPlan, type PlanSegment, REGIONS } from '../../../core/plan/expression-plan.js';
import { intensityBar } from './intensity-bar.js';
import { createStyle, padEnd, type Style, wrapText } from './style.js';

export interface FormatPlanOptions {
  /** ANSI colours. @default false */
  readonly color?: boolean;
  /** Terminal width used for wrapping. @default 100 */
  readonly width?: number;
}

export const FORMAT_DEFAULTS = { color: false, width: 100 } as const;

const pct = (fraction: number): string => `${Math.round(fraction * 100)}%`;
const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

export function formatPlan(plan: ExpressionPlan, options: FormatPlanOptions = {}): string {
  const s = createStyle(options.color ?? FORMAT_DEFAULTS.color);
  const width = Math.max(40, options.width ?? FORMAT_DEFAULTS.width);
  const out: string[] = [];

  out.push(`${s.bold('Emotion')}  "${plan.prompt}"`);
  out.push(`${s.bold('Reasoner')} ${plan.reasoner === 'facs' ? plan.reasoner : s.yellow(plan.reasoner)}`);
  out.push('');
  out.push(...formatChain(plan, s, width));

  plan.segments.forEach((segment, i) => {
    out.push('');
    out.push(...formatSegment(segment, i, plan.segments.length, s, width));
  });

  out.push('');
  out.push(
    `${s.bold('Global')}  blink ${plan.global.blinkRatePerMin.toFixed(0)}/min · ` +
      `head motion ${plan.global.headMotion.toFixed(2)}`,
  );
  return `${out.join('\n')}\n`;
}

function formatChain(plan: ExpressionPlan, s: Style, width: number): string[] {
  if (plan.chain.length === 0) return [s.dim('(no chain of thought recorded)')];
  const stepWidth = Math.max(...plan.chain.map((step) => step.step.length));
  const indent = ' '.repeat(stepWidth + 7);
  return [
    s.bold('Chain of thought'),
    ...plan.chain.map((step, i) => {
      const head = `  ${String(i + 1).padStart(2)}. ${padEnd(s.cyan(step.step), stepWidth)} `;
      return head + wrapText(step.thought, width - indent.length, indent);
    }),
  ];
}

function formatSegment(
  segment: PlanSegment,
  index: number,
  count: number,
  s: Style,
  width: number,
): string[] {
  const title = count > 1 ? `Segment ${index + 1}/${count}` : 'Segment';
  const emotions = [...segment.emotions]
    .sort((a, b) => b.weight - a.weight)
    .map((emotion) => `${emotion.label} ${s.dim(emotion.weight.toFixed(2))}`)
    .join(' · ');
  const lines = [
    `${s.bold(title)} ${s.dim(`[${pct(segment.start)} – ${pct(segment.end)}]`)}`,
    `  emotions  ${emotions}`,
    `  valence   ${signed(segment.valence)}   arousal ${segment.arousal.toFixed(2)}`,
    '',
    ...formatActionUnits(segment, s),
  ];
  const regions = REGIONS.flatMap((region) => {
    const text = segment.regions[region];
    return text ? [`    ${padEnd(s.cyan(region), 7)} ${wrapText(text, width - 12, ' '.repeat(12))}`] : [];
  });
  if (regions.length > 0) lines.push('', '  regions', ...regions);
  return lines;
}

function formatActionUnits(segment: PlanSegment, s: Style): string[] {
  if (segment.actionUnits.length === 0) return [`  ${s.dim('no action units (neutral face)')}`];
  const rows = [...segment.actionUnits]
    .sort((a, b) => a.au - b.au)
    .map((unit) => ({
      au: `AU${unit.au}`,
      name: unit.name,
      bar: intensityBar(unit.intensity),
      value: `${unit.intensity.toFixed(2)} ${letterFromIntensity(unit.intensity) ?? '-'}`,
      side: unit.side,
      region: actionUnit(unit.au)?.region ?? '?',
    }));
  const nameWidth = Math.max(4, ...rows.map((row) => row.name.length));
  const header = `  ${'AU'.padEnd(5)} ${'name'.padEnd(nameWidth)}  ${'intensity'.padEnd(17)}  ${'side'.padEnd(5)}  region`;
  return [
    s.dim(header),
    ...rows.map(
      (row) =>
        `  ${s.bold(row.au.padEnd(5))} ${row.name.padEnd(nameWidth)}  ${s.green(row.bar)} ${row.value.padEnd(6)}  ` +
        `${padEnd(row.side === 'both' ? row.side : s.magenta(row.side), 5)}  ${row.region}`,
    ),
  ];
}
