/**
 * A stand-in for the Bedrock runtime on loopback, for a real BedrockRuntimeClient pointed at it
 * (`endpoint`). It speaks HTTP/2 in clear text, as that client does (its request handler is
 * HTTP/2 only). Every Converse call (`POST /model/<id>/converse`) is counted and answered the way
 * the fault asks:
 *
 * - `throttle`: HTTP 429 `ThrottlingException` "Rate exceeded", as Bedrock throttles;
 * - `hang`: no answer at all (the connection stays open until the caller gives up or close()).
 */
import {
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';

export type BedrockFault = 'throttle' | 'hang';

export interface FakeBedrock {
  readonly url: string;
  /** Converse calls received, by model id. */
  readonly calls: string[];
  /** Callers that hung up while waiting for an answer (`hang`). */
  readonly abandoned: () => number;
  /** A client of this endpoint with the SDK's retry strategy at `maxAttempts`. */
  client(maxAttempts: number): BedrockRuntimeClient;
  close(): Promise<void>;
}

export async function startFakeBedrock(fault: BedrockFault): Promise<FakeBedrock> {
  const calls: string[] = [];
  const clients: BedrockRuntimeClient[] = [];
  let abandoned = 0;
  const sessions = new Set<Http2Session>();
  const server = createServer((req: Http2ServerRequest, res: Http2ServerResponse) => {
    const model = /^\/model\/([^/]+)\/converse$/.exec(req.url ?? '')?.[1];
    req.resume();
    req.on('end', () => {
      if (req.method !== 'POST' || !model) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message":"not found"}');
        return;
      }
      calls.push(decodeURIComponent(model));
      if (fault === 'hang') {
        res.on('close', () => {
          if (!res.writableEnded) abandoned += 1;
        });
        return;
      }
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/',
        'x-amzn-requestid': `fake-${calls.length}`,
      });
      res.end(JSON.stringify({ message: 'Rate exceeded' }));
    });
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    abandoned: () => abandoned,
    client(maxAttempts) {
      const client = new BedrockRuntimeClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
        maxAttempts,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.destroy();
      await closed;
    },
  };
}
