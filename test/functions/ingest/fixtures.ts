/**
 * Test doubles shared by the pipeline's function tests: media headers, S3 events, a starter that
 * behaves like Step Functions (a duplicate name starts nothing), silent Powertools. Every helper
 * returns fresh objects.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { ExecutionStarter, StartRequest, StartResult } from '../../../functions/ingest/starter.js';

/** A PNG signature and IHDR start, padded: enough for the magic-bytes check. */
export function pngBytes(length = 64): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  return bytes;
}

/** A RIFF/WAVE header, padded. */
export function wavBytes(length = 64): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVEfmt '));
  return bytes;
}

/** Not an image: a text file. */
export function textBytes(text = 'this is not an image at all'): Uint8Array {
  return new TextEncoder().encode(text);
}

export function manifestJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    portrait: 'portrait.png',
    audio: 'speech.wav',
    emotion: 'pleased at first, then quietly hurt',
    options: { seed: 7, reasoner: 'facs' },
    ...overrides,
  });
}

/** An S3 ObjectCreated notification; keys are form-encoded as S3 sends them. */
export function s3Event(key: string, bucket = 'tbd') {
  const encoded = encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key: encoded, size: 10, eTag: 'abc' } },
      },
    ],
  };
}

export class FakeStarter implements ExecutionStarter {
  readonly starts: StartRequest[] = [];
  readonly #names = new Set<string>();

  async start(request: StartRequest): Promise<StartResult> {
    const executionId = `local:${request.name}`;
    if (this.#names.has(request.name)) return { started: false, executionId };
    this.#names.add(request.name);
    this.starts.push(structuredClone(request));
    return { started: true, executionId };
  }
}

/** Powertools that print nothing (set POWERTOOLS_METRICS_DISABLED in the test file). */
export function quiet(service: string): { logger: Logger; metrics: Metrics } {
  return {
    logger: new Logger({ serviceName: service, logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: service }),
  };
}
