/**
 * The Think stage, shown: the chain of thought step by step, the segments on a timeline, the
 * selected segment's emotions with weights, valence and arousal, its per-region muscle
 * descriptions, and its action units with intensity sliders. Moving a slider makes a user plan
 * (`reasoner: "user"`), which the preview follows and the job is sent with.
 */
import type { ExpressionPlan, PlanSegment } from '../../../core/plan/expression-plan.js';
import { createAuTable } from './au-table.js';
import { byId, fill, h } from './dom.js';

export interface ThinkPanel {
  /** A new plan from the reasoner: edits are dropped, the apex segment is selected. */
  show(plan: ExpressionPlan): void;
  clear(): void;
  setBusy(busy: boolean, text?: string): void;
  /** The plan to use: the edited one, else the reasoner's. */
  readonly plan: ExpressionPlan | undefined;
  readonly edited: boolean;
  readonly segment: number;
}

export interface ThinkPanelEvents {
  /** The plan changed (new, edited or reset). */
  onPlan(plan: ExpressionPlan | undefined): void;
  /** Another segment was selected. */
  onSegment(segment: number): void;
}

const REGION_NAMES = ['brows', 'eyes', 'nose', 'cheeks', 'mouth', 'jaw'] as const;

/** The strongest segment (its largest AU intensity, else its arousal), as the server's preview picks it. */
export function apexOf(plan: ExpressionPlan): number {
  const strength = (s: PlanSegment) => {
    const own = s.actionUnits.filter((a) => a.au !== 45 && a.au !== 46).map((a) => a.intensity);
    return own.length > 0 ? Math.min(1, Math.max(...own)) : s.arousal;
  };
  let best = 0;
  plan.segments.forEach((s, k) => {
    if (strength(s) > strength(plan.segments[best]!)) best = k;
  });
  return best;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function createThinkPanel(events: ThinkPanelEvents): ThinkPanel {
  const panel = byId('think-panel', HTMLElement);
  const status = byId('think-status', HTMLElement);
  const empty = byId('think-empty', HTMLElement);
  const body = byId('think-body', HTMLDivElement);
  const chain = byId('chain', HTMLOListElement);
  const timeline = byId('timeline', HTMLDivElement);
  const emotions = byId('emotions', HTMLUListElement);
  const affect = byId('affect', HTMLElement);
  const regions = byId('regions', HTMLElement);
  const badge = byId('plan-edited', HTMLElement);
  const reset = byId('reset-plan', HTMLButtonElement);
  let base: ExpressionPlan | undefined;
  let edited: ExpressionPlan | undefined;
  let segment = 0;

  const current = () => edited ?? base;

  const table = createAuTable({
    onChange(index, intensity) {
      if (!base) return;
      edited ??= { ...structuredClone(base), reasoner: 'user' };
      const au = edited.segments[segment]?.actionUnits[index];
      if (!au) return;
      au.intensity = intensity;
      badge.hidden = false;
      reset.disabled = false;
      events.onPlan(edited);
    },
  });

  const renderSegment = () => {
    const plan = current();
    const s = plan?.segments[segment];
    if (!plan || !s) return;
    for (const [k, button] of [...timeline.children].entries())
      button.setAttribute('aria-pressed', String(k === segment));
    fill(
      emotions,
      ...s.emotions.map((e) =>
        h(
          'li',
          {},
          h('span', { class: 'emotion-label' }, e.label),
          h('meter', { min: 0, max: 1, value: e.weight, 'aria-label': `${e.label} weight` }),
          h('span', { class: 'emotion-weight' }, pct(e.weight)),
        ),
      ),
    );
    affect.textContent = `valence ${s.valence.toFixed(2)} · arousal ${s.arousal.toFixed(2)}`;
    fill(
      regions,
      ...REGION_NAMES.flatMap((region) =>
        s.regions[region] ? [h('dt', {}, region), h('dd', {}, s.regions[region])] : [],
      ),
    );
    table.show(s.actionUnits, plan.segments.length > 1 ? `segment ${segment + 1}` : '');
  };

  const renderTimeline = (plan: ExpressionPlan) => {
    fill(
      timeline,
      ...plan.segments.map((s, k) => {
        const top = [...s.emotions].sort((a, b) => b.weight - a.weight)[0]?.label ?? '';
        const button = h(
          'button',
          {
            type: 'button',
            class: 'segment',
            'aria-pressed': String(k === segment),
            'aria-label': `Segment ${k + 1}: ${top}, ${pct(s.start)} to ${pct(s.end)} of the clip`,
            style: `left:${s.start * 100}%;width:${(s.end - s.start) * 100}%;--valence:${s.valence}`,
          },
          top,
        );
        button.addEventListener('click', () => {
          segment = k;
          renderSegment();
          events.onSegment(k);
        });
        return button;
      }),
    );
  };

  reset.addEventListener('click', () => {
    edited = undefined;
    badge.hidden = true;
    reset.disabled = true;
    renderSegment();
    events.onPlan(base);
  });

  return {
    show(plan) {
      base = plan;
      edited = undefined;
      segment = apexOf(plan);
      badge.hidden = true;
      reset.disabled = true;
      empty.hidden = true;
      body.hidden = false;
      fill(
        chain,
        ...plan.chain.map((step, i) =>
          h(
            'li',
            { style: `--i:${i}` },
            h('strong', { class: 'step' }, step.step),
            h('span', { class: 'thought' }, step.thought),
          ),
        ),
      );
      renderTimeline(plan);
      renderSegment();
      events.onPlan(plan);
    },
    clear() {
      base = undefined;
      edited = undefined;
      empty.hidden = false;
      body.hidden = true;
      events.onPlan(undefined);
    },
    setBusy(busy, text = '') {
      panel.setAttribute('aria-busy', String(busy));
      status.textContent = text;
    },
    get plan() {
      return current();
    },
    get edited() {
      return edited !== undefined;
    },
    get segment() {
      return segment;
    },
  };
}
