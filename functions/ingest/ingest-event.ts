/**
 * What may invoke ingest, parsed with zod:
 * - an S3 event notification (`Records[].s3`), ObjectCreated records only; keys arrive
 *   URL-encoded with "+" for spaces and are decoded here;
 * - an EventBridge "Object Created" event from S3 (keys not encoded);
 * - a direct invocation `{ bucket?, key }` (the API, the local stack, tests).
 */
import { z } from 'zod';
import { IngestEventError } from './errors.js';

export interface IngestSource {
  /** Undefined: the pipeline's bucket. */
  readonly bucket: string | undefined;
  readonly key: string;
}

const S3NotificationSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string().optional(),
      s3: z.object({
        bucket: z.object({ name: z.string() }),
        object: z.object({ key: z.string() }),
      }),
    }),
  ),
});

const EventBridgeSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.string(),
  detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
});

const DirectSchema = z.strictObject({ bucket: z.string().min(1).optional(), key: z.string().min(1) });

/** S3 notifications encode keys like form data: "+" is a space, the rest percent-encoded. */
export function decodeS3EventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

export function parseIngestEvent(event: unknown): IngestSource[] {
  const notification = S3NotificationSchema.safeParse(event);
  if (notification.success) {
    return notification.data.Records.filter(
      (r) => !r.eventName || r.eventName.startsWith('ObjectCreated:'),
    ).map((r) => ({ bucket: r.s3.bucket.name, key: decodeS3EventKey(r.s3.object.key) }));
  }
  const bridge = EventBridgeSchema.safeParse(event);
  if (bridge.success) {
    if (bridge.data['detail-type'] !== 'Object Created') return [];
    return [{ bucket: bridge.data.detail.bucket.name, key: bridge.data.detail.object.key }];
  }
  const direct = DirectSchema.safeParse(event);
  if (direct.success) return [{ bucket: direct.data.bucket, key: direct.data.key }];
  const keys = event && typeof event === 'object' ? Object.keys(event).slice(0, 5).join(', ') : typeof event;
  throw new IngestEventError(`got ${keys || 'an empty object'}`);
}
