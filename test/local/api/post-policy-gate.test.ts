/**
 * The local S3 API (s3rver, as the local stack starts it) with the POST policy gate: a presigned
 * POST within its conditions is stored (and announced) as before; one outside them is refused
 * with S3's error and stores nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, NotFound } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Presigner } from '../../../functions/api/s3-presigner.js';
import { installPostPolicyGate } from '../../../local/api/post-policy-gate.js';
import { type S3Emulator, type S3Notification, startS3Emulator } from '../../../local/stack/s3-emulator.js';

describe('local S3 API with the POST policy gate', () => {
  let dir: string;
  let s3: S3Emulator;
  const events: S3Notification[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tbd-gate-'));
    s3 = await startS3Emulator({ directory: dir, port: 0 });
    s3.onEvent((event) => events.push(event));
    installPostPolicyGate({ credentials: [s3.credentials] });
  });

  afterAll(async () => {
    await s3?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function upload(key: string, maxBytes: number, bytes: Uint8Array, contentType = 'image/png') {
    const client = s3.createClient();
    const post = await new S3Presigner({ client, bucket: s3.bucket }).uploadForm({
      key,
      contentType: 'image/png',
      maxBytes,
      expiresInSec: 60,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields))
      form.append(name, name === 'Content-Type' ? contentType : value);
    form.append('file', new Blob([bytes]), 'portrait.png');
    const reply = await fetch(post.url, { method: 'POST', body: form });
    return { status: reply.status, text: await reply.text(), exists: await exists(key) };
  }

  async function exists(key: string): Promise<boolean> {
    try {
      await s3.createClient().send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound) return false;
      throw error;
    }
  }

  it('stores an upload within the conditions, and s3rver still announces it', async () => {
    const reply = await upload('a/ok.png', 100, new Uint8Array(100));
    expect(reply).toMatchObject({ status: 204, exists: true });
    expect(events.flatMap((event) => event.Records.map((r) => r.s3.object.key))).toContain('a/ok.png');
  });

  it('refuses an upload over content-length-range with EntityTooLarge, storing nothing', async () => {
    const reply = await upload('a/big.png', 100, new Uint8Array(101));
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('<Code>EntityTooLarge</Code>');
    expect(reply.exists).toBe(false);
  });

  it('refuses another Content-Type than presigned (403)', async () => {
    const reply = await upload('a/gif.png', 100, new Uint8Array(10), 'image/gif');
    expect(reply.status).toBe(403);
    expect(reply.text).toContain('<Code>AccessDenied</Code>');
    expect(reply.exists).toBe(false);
  });

  it('refuses a form without a signed policy (403)', async () => {
    const form = new FormData();
    form.append('key', 'a/anonymous.png');
    form.append('file', new Blob([new Uint8Array(3)]));
    const reply = await fetch(`${s3.endpoint}/${s3.bucket}`, { method: 'POST', body: form });
    expect(reply.status).toBe(403);
    expect(await exists('a/anonymous.png')).toBe(false);
  });
});
