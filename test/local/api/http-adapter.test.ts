/**
 * The local HTTP adapter's own checks of a request body, before any handler runs: bytes that are
 * not UTF-8 are a 400 saying so (API Gateway hands the Lambda text, so a handler would only see
 * replacement characters and answer with a puzzling "unknown field").
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiErrorBodySchema } from '../../../core/contracts/api.js';
import type { ApiHandlers } from '../../../functions/api/api-handlers.js';
import { createApiRoute } from '../../../local/api/http-adapter.js';

const KEY = 'tbd_adapter-test-key-0123456789abcdef';

/** Handlers that record the bodies they get and answer 201. */
function recordingHandlers(bodies: (string | null)[]): ApiHandlers {
  return new Proxy({} as ApiHandlers, {
    get: () => async (event: { body: string | null }) => {
      bodies.push(event.body);
      return { statusCode: 201, headers: {}, body: '{}' };
    },
  });
}

function post(server: Server, path: string, body: Buffer): Promise<{ status: number; text: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local HTTP adapter', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  });

  async function serve(bodies: (string | null)[]): Promise<Server> {
    const route = createApiRoute({
      handlers: recordingHandlers(bodies),
      keys: { find: (key) => (key === KEY ? { id: 'k1', tenant: 'acme', key } : undefined) },
    });
    server = createServer((req, res) => {
      void route(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return server;
  }

  it('answers a body that is not UTF-8 with a 400 saying so, and never calls the handler', async () => {
    // Prepare: {"e\xff\xfe":1}
    const bodies: (string | null)[] = [];
    const running = await serve(bodies);

    // Act
    const reply = await post(
      running,
      '/v1/jobs',
      Buffer.from([0x7b, 0x22, 0x65, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    );

    // Assess
    expect(reply.status).toBe(400);
    expect(ApiErrorBodySchema.parse(JSON.parse(reply.text)).error).toEqual({
      name: 'MalformedJsonError',
      message: 'the request body is not valid JSON (its bytes are not UTF-8 text); send a JSON object',
      status: 400,
    });
    expect(bodies).toEqual([]);
  });

  it('hands UTF-8 text, emoji and right-to-left included, to the handler as it is', async () => {
    // Prepare
    const bodies: (string | null)[] = [];
    const running = await serve(bodies);
    const text = JSON.stringify({ emotion: '😀 שמח ثم حزين' });

    // Act
    const reply = await post(running, '/v1/jobs', Buffer.from(text, 'utf8'));

    // Assess
    expect(reply.status).toBe(201);
    expect(bodies).toEqual([text]);
  });
});
