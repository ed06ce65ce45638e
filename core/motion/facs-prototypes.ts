/**
 * The default `PrototypeLookup`: the FACS knowledge base's emotion prototypes (core/facs).
 * A prototype AU's `weight` (AU intensity per unit of emotion intensity) is its intensity here;
 * a unilateral AU (contempt's R12A + R14A) is placed on the right, as EMFACS scores it, unless the
 * segment's own AUs put it on the other side (`globalSegmentTargets` does that).
 */
import { emotionPrototype } from '../facs/prototypes.js';
import type { AuActivation, PrototypeLookup } from './au-targets.js';

export const facsPrototypeFor: PrototypeLookup = (label) => {
  const prototype = emotionPrototype(label) ?? emotionPrototype(label.trim().toLowerCase());
  return prototype?.aus.map(
    (a): AuActivation => ({ au: a.au, intensity: a.weight, side: a.unilateral ? 'right' : 'both' }),
  );
};
