/** Small HTTP helpers: a size-capped body reader and a JSON responder. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestTooLargeError } from './errors.js';

/**
 * Reads the whole body. A declared Content-Length over the limit is refused before reading; a
 * body that grows past it while streaming is refused as soon as it does.
 * @throws RequestTooLargeError
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume(); // discard, so that the 413 reaches the client instead of a reset
    return Promise.reject(new RequestTooLargeError(declared, maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.byteLength;
      if (total <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData).off('end', onEnd).off('error', onError);
      req.resume();
      reject(new RequestTooLargeError(undefined, maxBytes));
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks, total));
    const onError = (error: Error): void => reject(error);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * Sends `body` as JSON. `close` asks the client to drop the connection afterwards (after a refused
 * body whose rest we will not read, or while shutting down).
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  options: { close?: boolean; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent || res.writableEnded) return;
  const payload = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...(options.close ? { connection: 'close' } : {}),
    ...options.headers,
  });
  res.end(payload);
}
