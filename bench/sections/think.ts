/** Think: the offline facs reasoner over a few representative texts. */
import { FacsReasoner } from '../../core/facs/facs-reasoner.js';
import { type Measurement, measure } from '../measure.js';

export const THINK_TEXTS = [
  'quietly heartbroken',
  'calm at first, then increasingly angry',
  "a polite smile that doesn't reach the eyes",
  'pleasantly surprised, then a bit nervous, finally relieved and grateful',
] as const;

export async function benchThink(runs: number): Promise<Measurement[]> {
  const reasoner = new FacsReasoner();
  const m = await measure(
    `think (facs, ${THINK_TEXTS.length} texts)`,
    async () => {
      for (const text of THINK_TEXTS) await reasoner.reason(text);
    },
    { runs: Math.max(runs, 20) },
  );
  return [{ ...m, extra: { msPerPlan: m.medianMs / THINK_TEXTS.length } }];
}
