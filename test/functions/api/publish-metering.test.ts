/**
 * Metering in the Publish step (functions/publish with the UsageLedger it uses by default): a
 * tenant job gets one usage record, a retried publish (even in the next month) rewrites that same
 * record, a job without a tenant gets none.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { advanceStatus, newJobStatus } from '../../../core/jobs/status-transitions.js';
import { UsageRecordSchema } from '../../../core/usage/usage-record.js';
import { createPublishHandler } from '../../../functions/publish/publish-handler.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { putJson } from '../../../functions/shared/object-store.js';
import { JOB_ID } from '../draw-submit/fixtures.js';
import { pngBytes, quiet } from '../ingest/fixtures.js';
import { publishEvent } from '../publish/fixtures.js';
import { buildMp4 } from '../publish/mp4-fixture.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

async function drawnTenantJob(tenant: string | undefined, at: Date) {
  let now = at;
  const objects = new MemoryObjectStore('tbd');
  const jobs = new JobStore(objects, { clock: () => now });
  const ref = tenant ? { name: 'clip', tenant } : { name: 'clip' };
  const queued = newJobStatus({
    jobId: JOB_ID,
    ref,
    source: { bucket: 'tbd', key: 'tenants/acme/incoming/clip/job.json', etag: '"e"' },
    at,
  });
  await putJson(objects, `jobs/${JOB_ID}/status.json`, advanceStatus(queued, 'drawing', at).status);
  await putJson(objects, `jobs/${JOB_ID}/plan.json`, { schemaVersion: 1 });
  await objects.put(`jobs/${JOB_ID}/draw/video.mp4`, buildMp4({ durationSec: 2.02 }));
  await objects.put(`jobs/${JOB_ID}/draw/preview.png`, pngBytes());
  const handler = createPublishHandler({ jobs, ...quiet('publish') });
  return {
    objects,
    setNow: (next: Date) => {
      now = next;
    },
    publish: () => handler(publishEvent({ job: ref }), localLambdaContext('publish')),
  };
}

describe('publish metering', () => {
  it('records a tenant job once, in the month it was first published, however often publish runs', async () => {
    // Prepare
    const job = await drawnTenantJob('acme', new Date('2026-01-31T23:59:59.000Z'));

    // Act
    await job.publish();
    job.setNow(new Date('2026-02-01T00:00:05.000Z'));
    await job.publish(); // a retry after midnight

    // Assess
    const keys = job.objects.keys().filter((key) => key.includes('/usage/'));
    expect(keys).toEqual([`tenants/acme/usage/2026-01/${JOB_ID}.json`]);
    const record = UsageRecordSchema.parse(job.objects.json(keys[0]!));
    expect(record).toMatchObject({
      tenant: 'acme',
      jobId: JOB_ID,
      name: 'clip',
      period: '2026-01',
      meteredAt: '2026-01-31T23:59:59.000Z',
      videoSeconds: 2,
      fps: 25,
    });
  });

  it('records nothing for a job without a tenant', async () => {
    // Prepare
    const job = await drawnTenantJob(undefined, new Date('2026-01-10T00:00:00.000Z'));

    // Act
    await job.publish();

    // Assess
    expect(job.objects.keys().filter((key) => key.includes('usage'))).toEqual([]);
    expect(job.objects.keys()).toContain('outgoing/clip/result.json');
  });
});
