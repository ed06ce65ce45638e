/**
 * The AU-curve chart of a job: the plan's action-unit targets over the clip, spread by the same
 * segment envelopes the Draw stage conditions on (core/motion/envelopes.ts), one line per AU
 * channel that moves. Drawn on a canvas, with a legend list for screen readers and colours.
 */
import { localSegmentTargets } from '../../../core/motion/au-targets.js';
import { CHANNEL_NAMES, MOTION_CHANNELS } from '../../../core/motion/channels.js';
import { segmentEnvelopes } from '../../../core/motion/envelopes.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import { fill, h } from './dom.js';

export interface AuCurve {
  readonly channel: string;
  readonly values: Float32Array;
  readonly peak: number;
}

const PALETTE = ['#d1495b', '#2e86ab', '#edae49', '#00798c', '#8e6c8a', '#66a182', '#e07a5f', '#3d405b'];

/** The plan's AU curves at `fps` over `durationSec`, strongest first. */
export function auCurves(plan: ExpressionPlan, durationSec: number, fps = 25): AuCurve[] {
  const frames = Math.max(2, Math.round(durationSec * fps));
  const envelopes = segmentEnvelopes(plan.segments, frames, fps);
  const warnings = new Set<string>();
  const targets = plan.segments.map((s) => localSegmentTargets(s, warnings));
  const curves: AuCurve[] = [];
  MOTION_CHANNELS.forEach((channel, d) => {
    if (channel.group !== 'au' || !targets.some((t) => t[d]! > 0)) return;
    // A bilateral AU moving both sides alike is one curve, named without its side.
    if (channel.side === 'right' && targets.every((t) => t[d] === t[d - 1])) return;
    const values = new Float32Array(frames);
    for (let t = 0; t < frames; t++)
      values[t] = targets.reduce((sum, target, k) => sum + envelopes[k]![t]! * target[d]!, 0);
    const symmetric = channel.side === 'left' && targets.every((t) => t[d] === t[d + 1]);
    const name = symmetric ? `AU${channel.au}` : CHANNEL_NAMES[d]!;
    curves.push({ channel: name, values, peak: Math.max(...values) });
  });
  return curves.sort((a, b) => b.peak - a.peak);
}

export function drawAuChart(
  canvas: HTMLCanvasElement,
  legend: HTMLUListElement,
  plan: ExpressionPlan,
  durationSec: number,
): void {
  const curves = auCurves(plan, durationSec);
  const scale = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * scale) || canvas.width;
  const height = Math.round(canvas.clientHeight * scale) || canvas.height;
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) return;
  const pad = { left: 34 * scale, right: 8 * scale, top: 8 * scale, bottom: 22 * scale };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (t: number) => pad.left + t * plotW;
  const y = (v: number) => pad.top + (1 - v) * plotH;
  g.clearRect(0, 0, width, height);
  g.font = `${11 * scale}px system-ui, sans-serif`;
  g.fillStyle = '#666';
  g.strokeStyle = '#ddd';
  g.lineWidth = scale;
  for (const v of [0, 0.5, 1]) {
    g.beginPath();
    g.moveTo(pad.left, y(v));
    g.lineTo(width - pad.right, y(v));
    g.stroke();
    g.fillText(v.toFixed(1), 4 * scale, y(v) + 4 * scale);
  }
  const step = durationSec > 10 ? 2 : 1;
  for (let s = 0; s <= durationSec; s += step)
    g.fillText(`${s} s`, x(s / durationSec) - 6 * scale, height - 6 * scale);
  curves.forEach((curve, i) => {
    g.strokeStyle = PALETTE[i % PALETTE.length]!;
    g.lineWidth = 2 * scale;
    g.beginPath();
    const n = curve.values.length;
    curve.values.forEach((v, t) => {
      const px = x(t / (n - 1));
      if (t === 0) g.moveTo(px, y(v));
      else g.lineTo(px, y(v));
    });
    g.stroke();
  });
  canvas.setAttribute(
    'aria-label',
    `AU curves over ${durationSec.toFixed(1)} s: ${curves.map((c) => `${c.channel} up to ${c.peak.toFixed(2)}`).join(', ') || 'none'}`,
  );
  fill(
    legend,
    ...curves.map((curve, i) =>
      h(
        'li',
        {},
        h('span', { class: 'swatch', style: `background:${PALETTE[i % PALETTE.length]}` }),
        `${curve.channel} (peak ${curve.peak.toFixed(2)})`,
      ),
    ),
  );
}
