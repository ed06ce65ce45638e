/**
 * The action units of one segment, one row each, with an intensity slider (0..1, keyboard:
 * arrows step 0.01, Page Up/Down 0.1, Home/End) labelled by the AU's number and name.
 */
import type { PlanActionUnit } from '../../../core/plan/expression-plan.js';
import { byId, fill, h } from './dom.js';

export interface AuTable {
  show(actionUnits: readonly PlanActionUnit[], where: string): void;
}

export function createAuTable(events: { onChange(index: number, intensity: number): void }): AuTable {
  const rows = byId('au-rows', HTMLTableSectionElement);

  return {
    show(actionUnits, where) {
      if (actionUnits.length === 0) {
        fill(rows, h('tr', {}, h('td', { colspan: 4, class: 'hint' }, 'No action units: a neutral face.')));
        return;
      }
      fill(
        rows,
        ...actionUnits.map((au, index) => {
          const id = `au-${index}`;
          const label = `AU${au.au} ${au.name} intensity${where ? ` (${where})` : ''}`;
          const slider = h('input', {
            id,
            type: 'range',
            min: 0,
            max: 1,
            step: 0.01,
            value: au.intensity,
            'aria-label': label,
            'data-au': au.au,
          });
          const output = h('output', { for: id }, au.intensity.toFixed(2));
          slider.addEventListener('input', () => {
            const value = Number(slider.value);
            output.textContent = value.toFixed(2);
            events.onChange(index, value);
          });
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, `AU${au.au}`),
            h('td', {}, au.name),
            h('td', {}, au.side),
            h('td', { class: 'slider-cell' }, slider, output),
          );
        }),
      );
    },
  };
}
