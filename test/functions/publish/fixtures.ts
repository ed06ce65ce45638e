/**
 * A job drawn and ready to publish: status `drawing`, plan and draw outputs in jobs/<jobId>/.
 */
import { advanceStatus, newJobStatus } from '../../../core/jobs/status-transitions.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { putJson } from '../../../functions/shared/object-store.js';
import { drawResult, JOB_ID, NOW } from '../draw-submit/fixtures.js';
import { pngBytes } from '../ingest/fixtures.js';
import { buildMp4, type Mp4FixtureOptions } from './mp4-fixture.js';

export { JOB_ID, NOW };

export async function drawnJob(video: Mp4FixtureOptions = { durationSec: 2.02 }) {
  const objects = new MemoryObjectStore('tbd');
  const jobs = new JobStore(objects, { clock: () => NOW });
  const queued = newJobStatus({
    jobId: JOB_ID,
    ref: { name: 'clip' },
    source: { bucket: 'tbd', key: 'incoming/clip/job.json', etag: '"e"' },
    at: NOW,
  });
  await putJson(objects, `jobs/${JOB_ID}/status.json`, advanceStatus(queued, 'drawing', NOW).status);
  await putJson(objects, `jobs/${JOB_ID}/plan.json`, { schemaVersion: 1, reasoner: 'facs' });
  await objects.put(`jobs/${JOB_ID}/draw/video.mp4`, buildMp4(video));
  await objects.put(`jobs/${JOB_ID}/draw/preview.png`, pngBytes());
  await putJson(objects, `jobs/${JOB_ID}/draw/motion.json`, {});
  return { objects, jobs };
}

export function publishEvent(overrides: Record<string, unknown> = {}) {
  const { jobId: _, ...draw } = drawResult();
  return {
    jobId: JOB_ID,
    job: { name: 'clip' },
    planKey: `jobs/${JOB_ID}/plan.json`,
    reasoner: 'facs',
    draw,
    ...overrides,
  };
}
