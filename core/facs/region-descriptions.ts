/**
 * Action units -> per-region muscle movement descriptions (brows, eyes, nose, cheeks, mouth,
 * jaw), e.g. brows: "raises the inner ends of the brows (AU1 Inner Brow Raiser; frontalis, pars
 * medialis; slight (B))". A region with no AU is described as at rest.
 */
import { type PlanActionUnit, REGIONS, type Region } from '../plan/expression-plan.js';
import { requireActionUnit } from './action-units.js';
import { describeIntensity } from './intensity.js';

export const AT_REST = 'at rest';

export type RegionDescriptions = Record<Region, string>;

/** One AU as a clause: what moves, which AU and muscle, how strongly, which side. */
export function describeActionUnit(unit: PlanActionUnit): string {
  const info = requireActionUnit(unit.au);
  const side = unit.side === 'both' ? '' : `, ${unit.side} side only`;
  return `${info.movement} (AU${unit.au} ${info.name}; ${info.muscles.join(', ')}; ${describeIntensity(unit.intensity)}${side})`;
}

export function describeRegions(units: readonly PlanActionUnit[]): RegionDescriptions {
  const result = {} as RegionDescriptions;
  for (const region of REGIONS) {
    const clauses = units.filter((u) => requireActionUnit(u.au).region === region).map(describeActionUnit);
    result[region] = clauses.length > 0 ? clauses.join('; ') : AT_REST;
  }
  return result;
}
