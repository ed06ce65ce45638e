/**
 * Helpers for the local stack's tests: an S3 client for a stack's endpoint, uploads of the
 * example media, polling with a bound, a log that keeps its lines.
 */
import { readFile } from 'node:fs/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createStackLog, type StackLog } from '../../../local/stack/stack-log.js';

export const EXAMPLES = new URL('../../../examples/', import.meta.url);

/** Duration of examples/speech-surprise-16k.wav (63 637 samples at 16 kHz). */
export const SURPRISE_SEC = 3.9773125;

export interface StackClient {
  readonly client: S3Client;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<string>;
  /** Bytes, or undefined when there is no object. */
  get(key: string): Promise<Uint8Array | undefined>;
  json(key: string): Promise<unknown>;
  etag(key: string): Promise<string | undefined>;
  list(prefix: string): Promise<string[]>;
  destroy(): void;
}

/** An SDK client as any user would configure it for `tbd serve`. */
export function stackClient(endpoint: string, bucket = 'tbd'): StackClient {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const get = async (key: string): Promise<Uint8Array | undefined> => {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  };
  return {
    client,
    async put(key, body, contentType) {
      const out = await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
      return out.ETag ?? '';
    },
    get,
    async json(key) {
      const bytes = await get(key);
      return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes));
    },
    async etag(key) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag;
      } catch {
        return undefined;
      }
    },
    async list(prefix) {
      const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (out.Contents ?? []).map((item) => item.Key ?? '').sort();
    },
    destroy: () => client.destroy(),
  };
}

export interface DroppedJob {
  readonly name: string;
  /** ETag and bytes of each uploaded input, by key. */
  readonly inputs: ReadonlyMap<string, { etag: string; bytes: Uint8Array }>;
  readonly manifest: string;
}

/** Uploads portrait, speech and then job.json (last: writing it starts the job). */
export async function dropJob(
  s3: StackClient,
  name: string,
  options: { portrait?: Uint8Array; emotion?: string } = {},
): Promise<DroppedJob> {
  const portrait =
    options.portrait ?? new Uint8Array(await readFile(new URL('portrait-astronaut.png', EXAMPLES)));
  const speech = new Uint8Array(await readFile(new URL('speech-surprise-16k.wav', EXAMPLES)));
  const manifest = JSON.stringify({
    portrait: 'portrait.png',
    audio: 'speech.wav',
    emotion: options.emotion ?? 'surprised at first, then delighted',
    options: { size: 256, steps: 8, seed: 7, fps: 25 },
  });
  const inputs = new Map<string, { etag: string; bytes: Uint8Array }>();
  for (const [file, bytes, type] of [
    ['portrait.png', portrait, 'image/png'],
    ['speech.wav', speech, 'audio/wav'],
    ['job.json', new TextEncoder().encode(manifest), 'application/json'],
  ] as const) {
    const key = `incoming/${name}/${file}`;
    inputs.set(key, { etag: await s3.put(key, bytes, type), bytes });
  }
  return { name, inputs, manifest };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface MemoryStackLog extends StackLog {
  readonly lines: string[];
  /** The `job <stage>` lines of one job id, as stages. */
  stagesOf(jobId: string): string[];
}

export function memoryStackLog(): MemoryStackLog {
  const lines: string[] = [];
  const log = createStackLog({ level: 'debug', write: (line) => lines.push(line) });
  return {
    ...log,
    lines,
    stagesOf: (jobId) =>
      lines
        .filter((line) => line.includes(` id=${jobId}`))
        .map((line) => /^\S+ (?:INFO|WARN|ERROR) +job ([a-z]+)\b/.exec(line)?.[1])
        .filter((stage): stage is string => stage !== undefined),
  };
}
