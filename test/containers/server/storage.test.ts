/** The S3 adapter against a real S3 API on loopback (s3rver). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseName,
  childLocation,
  getObjectBytes,
  ObjectNotFoundError,
  ObjectTooLargeError,
  ObjectWriteError,
  parseS3Uri,
  publishObjects,
  S3UriError,
  s3ClientConfig,
} from '../../../containers/gpu-sampler/src/storage/index.js';
import { type RunningS3rver, startS3rver } from '../../helpers/s3rver.js';

let s3: RunningS3rver;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3.stop();
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('S3 URIs', () => {
  it('splits bucket and key and joins names under a prefix', () => {
    const prefix = parseS3Uri('s3://tbd/outgoing/job 1/');
    expect(prefix).toEqual({ bucket: 'tbd', key: 'outgoing/job 1/' });
    expect(childLocation(prefix, 'video.mp4')).toEqual({ bucket: 'tbd', key: 'outgoing/job 1/video.mp4' });
    expect(baseName(parseS3Uri('s3://tbd/in/a/portrait.png'))).toBe('portrait.png');
  });

  it('raises S3UriError naming what the URI is for', () => {
    expect(() => parseS3Uri('https://tbd/x', 'portrait')).toThrow(S3UriError);
    expect(() => parseS3Uri('https://tbd/x', 'portrait')).toThrow(
      /^portrait "https:\/\/tbd\/x" is not an S3 URI/,
    );
    expect(() => childLocation({ bucket: 'tbd', key: 'a/video' }, 'x')).toThrow(/not a prefix/);
  });
});

describe('s3ClientConfig', () => {
  it('leaves AWS to the SDK defaults', () => {
    expect(s3ClientConfig({ AWS_REGION: 'eu-west-1' })).toEqual({ maxAttempts: 3, region: 'eu-west-1' });
  });

  it('configures a custom endpoint for an emulator: path style, checksums when required, local credentials', () => {
    expect(s3ClientConfig({ S3_ENDPOINT: 'http://127.0.0.1:4568' })).toMatchObject({
      endpoint: 'http://127.0.0.1:4568',
      region: 'us-east-1',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });

  it('takes credentials from the given environment and honours S3_FORCE_PATH_STYLE=false', () => {
    const config = s3ClientConfig({
      AWS_ENDPOINT_URL_S3: 'http://minio:9000',
      AWS_ACCESS_KEY_ID: 'minio',
      AWS_SECRET_ACCESS_KEY: 'minio-secret',
      S3_FORCE_PATH_STYLE: 'false',
    });
    expect(config.credentials).toEqual({ accessKeyId: 'minio', secretAccessKey: 'minio-secret' });
    expect(config.forcePathStyle).toBe(false);
  });

  it('leaves a profile to the default chain', () => {
    expect(
      s3ClientConfig({ S3_ENDPOINT: 'http://minio:9000', AWS_PROFILE: 'dev' }).credentials,
    ).toBeUndefined();
  });
});

describe('getObjectBytes', () => {
  it('reads a whole object into a buffer of its own', async () => {
    await s3.put('get/a.txt', 'hello');
    const got = await getObjectBytes(s3.client, { bucket: s3.bucket, key: 'get/a.txt' }, { maxBytes: 5 });
    expect(new TextDecoder().decode(got)).toBe('hello');
    expect(got.byteOffset).toBe(0);
    expect(got.buffer.byteLength).toBe(5);
  });

  it('refuses an object over the limit with its size', async () => {
    await s3.put('get/big.bin', new Uint8Array(2000));
    const read = getObjectBytes(
      s3.client,
      { bucket: s3.bucket, key: 'get/big.bin' },
      { maxBytes: 1000, label: 'audio' },
    );
    await expect(read).rejects.toBeInstanceOf(ObjectTooLargeError);
    await expect(read).rejects.toThrow('audio s3://tbd/get/big.bin is 2.0 kB, over the 1.0 kB limit');
  });

  it('raises ObjectNotFoundError for a missing key', async () => {
    const read = getObjectBytes(
      s3.client,
      { bucket: s3.bucket, key: 'get/none' },
      { maxBytes: 10, label: 'plan' },
    );
    await expect(read).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(read).rejects.toMatchObject({ label: 'plan', uri: 's3://tbd/get/none' });
  });

  it('raises the signal reason when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('job timed out'));
    const read = getObjectBytes(
      s3.client,
      { bucket: s3.bucket, key: 'get/a.txt' },
      {
        maxBytes: 10,
        signal: controller.signal,
      },
    );
    await expect(read).rejects.toThrow('job timed out');
  });
});

describe('publishObjects', () => {
  const object = (key: string, text: string) => ({
    location: { bucket: s3.bucket, key },
    body: bytes(text),
    contentType: 'text/plain',
  });

  it('writes every object with its content type', async () => {
    await publishObjects(s3.client, [object('pub/1/a.txt', 'a'), object('pub/1/b.txt', 'b')]);
    expect(await s3.list('pub/1/')).toEqual(['pub/1/a.txt', 'pub/1/b.txt']);
    expect(new TextDecoder().decode(await s3.get('pub/1/b.txt'))).toBe('b');
  });

  it('deletes what it wrote when a later write fails', async () => {
    const objects = [
      object('pub/2/a.txt', 'a'),
      { ...object('pub/2/b.txt', 'b'), location: { bucket: 'no-such-bucket', key: 'b' } },
    ];
    await expect(publishObjects(s3.client, objects)).rejects.toBeInstanceOf(ObjectWriteError);
    expect(await s3.list('pub/2/')).toEqual([]);
  });

  it('stops and rolls back when the signal fires between writes', async () => {
    const controller = new AbortController();
    const client = s3.createClient();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'PutObjectCommand') controller.abort(new Error('shutting down'));
        return result;
      },
      { step: 'initialize', name: 'abortAfterFirstPut' },
    );
    const publish = publishObjects(client, [object('pub/3/a.txt', 'a'), object('pub/3/b.txt', 'b')], {
      signal: controller.signal,
    });
    await expect(publish).rejects.toThrow('shutting down');
    expect(await s3.list('pub/3/')).toEqual([]);
  });
});
