/**
 * The local S3 API: s3rver 3.7 on loopback, its objects on disk under `<data-dir>/s3`, the
 * pipeline bucket created when absent, and s3rver's object events.
 *
 * Clients must use path-style addressing (`http://127.0.0.1:4569/tbd/<key>`), any region, and
 * s3rver's one key pair S3RVER / S3RVER (it checks signatures). With the AWS SDK v3 also set
 * `requestChecksumCalculation: 'WHEN_REQUIRED'`, or s3rver stores the aws-chunked framing bytes
 * inside the objects (`createClient()` does all of that).
 *
 * Events: s3rver emits an S3 notification (`{ Records: [...] }`) for every PUT, POST (browser
 * form / presigned POST), COPY and DELETE it serves, as `server.on('event', ...)`. No bucket
 * notification configuration is involved; `onEvent` hands them on unfiltered.
 *
 * s3rver ignores `If-None-Match` / `If-Match` on writes (functions/shared/job-store.ts explains
 * how the pipeline copes).
 *
 * ListObjectsV2 pagination: s3rver encrypts its continuation tokens with DES, which Node >= 17's
 * OpenSSL 3 refuses (500 InternalError on every truncated V2 page, i.e. any listing of more than
 * 1000 keys). `startS3Emulator` patches the loaded s3rver with plain tokens first
 * (s3rver-list-v2-tokens.ts), so the SDK's paginators work here as against S3.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { patchS3rverListV2Tokens } from './s3rver-list-v2-tokens.js';

export const S3_EMULATOR_DEFAULTS = {
  /** The pipeline's bucket. @default 'tbd' */
  bucket: 'tbd',
  /** Loopback only. @default '127.0.0.1' */
  host: '127.0.0.1',
  /** @default 4569 */
  port: 4569,
  /** s3rver's built-in key pair; it accepts no other. @default 'S3RVER' */
  accessKeyId: 'S3RVER',
  /** @default 'S3RVER' */
  secretAccessKey: 'S3RVER',
  /** Any region signs correctly; this one is what the clients use. @default 'us-east-1' */
  region: 'us-east-1',
} as const;

/** An S3 event notification as s3rver emits it (the fields the stack reads). */
export interface S3Notification {
  readonly Records: readonly {
    readonly eventName: string;
    readonly s3: {
      readonly bucket: { readonly name: string };
      readonly object: { readonly key: string; readonly eTag?: string; readonly size?: number };
    };
  }[];
}

export type S3EventListener = (event: S3Notification) => void;

/**
 * The bucket's CORS rules: browsers (the web studio, local/studio) upload with the API's
 * presigned POSTs and read the outputs by presigned GET URLs, from the API server's origin.
 * Any origin: the server listens on loopback only, and every request is signed anyway.
 */
export const BUCKET_CORS_XML = [
  '<CORSConfiguration>',
  '<CORSRule>',
  '<AllowedOrigin>*</AllowedOrigin>',
  '<AllowedMethod>GET</AllowedMethod>',
  '<AllowedMethod>HEAD</AllowedMethod>',
  '<AllowedMethod>POST</AllowedMethod>',
  '<AllowedHeader>*</AllowedHeader>',
  '<ExposeHeader>ETag</ExposeHeader>',
  '<MaxAgeSeconds>600</MaxAgeSeconds>',
  '</CORSRule>',
  '</CORSConfiguration>',
].join('');

/** The slice of s3rver 3.7's class used here (the package ships no types). */
interface S3rverInstance {
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: S3EventListener): void;
  off(event: 'event', listener: S3EventListener): void;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverInstance;

export interface S3EmulatorOptions {
  /** Where s3rver keeps buckets and objects (created if missing). */
  readonly directory: string;
  /** 0: a free port. @default S3_EMULATOR_DEFAULTS.port */
  readonly port?: number;
  /** @default S3_EMULATOR_DEFAULTS.host */
  readonly host?: string;
  /** @default S3_EMULATOR_DEFAULTS.bucket */
  readonly bucket?: string;
}

export interface S3Emulator {
  /** e.g. `http://127.0.0.1:4569`. */
  readonly endpoint: string;
  readonly port: number;
  readonly bucket: string;
  readonly directory: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * A new SDK client for this endpoint (path style, checksums only when required), or for
   * `endpoint`: a proxy in front of this one (it must pass the Host header on, as signed).
   */
  createClient(endpoint?: string): S3Client;
  /** Subscribes to s3rver's object events; returns the unsubscribe function. */
  onEvent(listener: S3EventListener): () => void;
  /** Stops listening (clients created here are destroyed first, so keep-alive sockets close). */
  stop(): Promise<void>;
}

export async function startS3Emulator(options: S3EmulatorOptions): Promise<S3Emulator> {
  const host = options.host ?? S3_EMULATOR_DEFAULTS.host;
  const bucket = options.bucket ?? S3_EMULATOR_DEFAULTS.bucket;
  await mkdir(options.directory, { recursive: true });
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  // Before any request: s3rver's own V2 continuation tokens need DES (see the module comment).
  patchS3rverListV2Tokens();
  const server = new S3rver({
    address: host,
    port: options.port ?? S3_EMULATOR_DEFAULTS.port,
    directory: options.directory,
    silent: true,
    // Creates the bucket when absent (an existing one keeps its objects); sets its CORS rules.
    configureBuckets: [{ name: bucket, configs: [BUCKET_CORS_XML] }],
  });
  const { port } = await server.run();
  const endpoint = `http://${host}:${port}`;
  const credentials = {
    accessKeyId: S3_EMULATOR_DEFAULTS.accessKeyId,
    secretAccessKey: S3_EMULATOR_DEFAULTS.secretAccessKey,
  };
  const clients = new Set<S3Client>();
  const listeners = new Set<S3EventListener>();
  let stopped: Promise<void> | undefined;

  return {
    endpoint,
    port,
    bucket,
    directory: options.directory,
    region: S3_EMULATOR_DEFAULTS.region,
    credentials,
    createClient(via = endpoint) {
      const client = new S3Client({
        endpoint: via,
        region: S3_EMULATOR_DEFAULTS.region,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        credentials,
      });
      clients.add(client);
      return client;
    },
    onEvent(listener) {
      listeners.add(listener);
      server.on('event', listener);
      return () => {
        listeners.delete(listener);
        server.off('event', listener);
      };
    },
    stop() {
      stopped ??= (async () => {
        for (const listener of listeners) server.off('event', listener);
        for (const client of clients) client.destroy();
        const closing = server.close();
        server.httpServer?.closeIdleConnections();
        const timer = setTimeout(() => server.httpServer?.closeAllConnections(), 2000);
        try {
          await closing;
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopped;
    },
  };
}
