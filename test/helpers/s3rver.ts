/**
 * A real S3 API on loopback for tests: s3rver on 127.0.0.1, a free port, a fresh temp directory
 * and the bucket(s) created, plus an S3Client configured for it (path style, and checksums only
 * when required, or s3rver stores the aws-chunked framing bytes inside the objects).
 *
 *   const s3 = await startS3rver();
 *   await s3.put('incoming/a/portrait.png', bytes);
 *   ... new GetObjectCommand({ Bucket: s3.bucket, Key }) through s3.client ...
 *   await s3.stop();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

export const S3RVER_DEFAULTS = {
  /** The pipeline's bucket name locally. @default 'tbd' */
  bucket: 'tbd',
  /** Loopback only. @default '127.0.0.1' */
  host: '127.0.0.1',
  /** s3rver accepts any well-formed signature with these. @default 'S3RVER' */
  accessKeyId: 'S3RVER',
  /** @default 'S3RVER' */
  secretAccessKey: 'S3RVER',
  /** @default 'us-east-1' */
  region: 'us-east-1',
} as const;

/** The slice of s3rver 3.7's class that the helper uses (the package ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string; configs: never[] }[];
}) => S3rverInstance;

export interface S3rverOptions {
  /** Buckets to create. @default [S3RVER_DEFAULTS.bucket] */
  readonly buckets?: readonly string[];
}

export interface RunningS3rver {
  /** e.g. `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  readonly port: number;
  /** The first bucket created. */
  readonly bucket: string;
  /** Where s3rver keeps the objects; removed by `stop()`. */
  readonly directory: string;
  readonly client: S3Client;
  /** Environment for a server or child process that should use this S3 API. */
  readonly env: Readonly<Record<string, string>>;
  /** A client for this endpoint, configured like `client` (e.g. one per test). */
  createClient(): S3Client;
  /** PutObject into `bucket`. */
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** The object's bytes, or undefined when it does not exist. */
  get(key: string, bucket?: string): Promise<Uint8Array | undefined>;
  /** Every key under the prefix, sorted. */
  list(prefix?: string, bucket?: string): Promise<string[]>;
  /** Stops the server, destroys the clients and removes the directory. */
  stop(): Promise<void>;
}

export async function startS3rver(options: S3rverOptions = {}): Promise<RunningS3rver> {
  const buckets = options.buckets ?? [S3RVER_DEFAULTS.bucket];
  const bucket = buckets[0] ?? S3RVER_DEFAULTS.bucket;
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(join(tmpdir(), 'tbd-s3rver-'));
  const server = new S3rver({
    address: S3RVER_DEFAULTS.host,
    port: 0,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  const endpoint = `http://${S3RVER_DEFAULTS.host}:${port}`;
  const clients: S3Client[] = [];
  const createClient = (): S3Client => {
    const client = new S3Client({
      endpoint,
      region: S3RVER_DEFAULTS.region,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: {
        accessKeyId: S3RVER_DEFAULTS.accessKeyId,
        secretAccessKey: S3RVER_DEFAULTS.secretAccessKey,
      },
    });
    clients.push(client);
    return client;
  };
  const client = createClient();

  return {
    endpoint,
    port,
    bucket,
    directory,
    client,
    env: {
      AWS_ENDPOINT_URL_S3: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: S3RVER_DEFAULTS.region,
      AWS_ACCESS_KEY_ID: S3RVER_DEFAULTS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_DEFAULTS.secretAccessKey,
    },
    createClient,
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
    },
    async get(key, inBucket = bucket) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: inBucket, Key: key }));
        return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async list(prefix = '', inBucket = bucket) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: inBucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async stop() {
      for (const c of clients) c.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
