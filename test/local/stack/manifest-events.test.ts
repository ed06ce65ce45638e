import { describe, expect, it } from 'vitest';
import { parseIngestEvent } from '../../../functions/ingest/ingest-event.js';
import { encodeS3EventKey, manifestNotification } from '../../../local/stack/manifest-events.js';
import type { S3Notification } from '../../../local/stack/s3-emulator.js';

/** A record as s3rver 3.7 emits it: the key as stored, not encoded. */
function s3rverEvent(key: string, eventName = 'ObjectCreated:Put', bucket = 'tbd'): S3Notification {
  return {
    Records: [{ eventName, s3: { bucket: { name: bucket }, object: { key, eTag: 'abc', size: 12 } } }],
  };
}

describe('manifestNotification', () => {
  it.each(['incoming/astro/job.json', 'incoming/team/clip 1/job.json', 'tenants/acme/incoming/x/job.json'])(
    'passes the manifest %s on, so that ingest reads back the same key',
    (key) => {
      // Act
      const notification = manifestNotification(s3rverEvent(key), 'tbd');

      // Assess
      expect(notification).toBeDefined();
      expect(parseIngestEvent(notification)).toEqual([{ bucket: 'tbd', key }]);
    },
  );

  it.each([
    ['a medium', s3rverEvent('incoming/astro/portrait.png')],
    ['the pipeline writing a status', s3rverEvent('jobs/astro-1/status.json')],
    ['an output', s3rverEvent('outgoing/astro/result.json')],
    ['a job.json outside incoming/', s3rverEvent('job.json')],
    ['a deletion', s3rverEvent('incoming/astro/job.json', 'ObjectRemoved:Delete')],
    ['another bucket', s3rverEvent('incoming/astro/job.json', 'ObjectCreated:Put', 'other')],
    ['a bad tenant', s3rverEvent('tenants/../incoming/x/job.json')],
  ])('drops %s', (_what, event) => {
    expect(manifestNotification(event, 'tbd')).toBeUndefined();
  });

  it('keeps copies and browser (POST) uploads', () => {
    for (const eventName of ['ObjectCreated:Copy', 'ObjectCreated:Post'])
      expect(manifestNotification(s3rverEvent('incoming/a/job.json', eventName), 'tbd')).toBeDefined();
  });

  it('encodes keys as S3 notifications do', () => {
    expect(encodeS3EventKey('incoming/a b+c%/é/job.json')).toBe('incoming/a+b%2Bc%25/%C3%A9/job.json');
  });
});
