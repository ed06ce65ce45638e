/**
 * The seam for the HTTP API on `--api-port`: a small node:http server that the API (issue 8)
 * mounts its routes on. Today it answers only
 *
 *   GET /healthz   200 { status: "ok", ...health() } | 503 { status: "stopping" | ... }
 *
 * and 404 (JSON) for anything not mounted. Its own error bodies have the shape of every other error
 * body of the server (the API's ApiErrorBody): `{ error: { name, message, status } }`. A route is
 * a prefix and a node:http handler:
 *
 *   api.mount('/v1', (req, res, url) => router.handle(req, res, url));
 *
 * The longest matching prefix wins; a route mounted at '/' gets whatever no other route takes
 * (the web studio's pages, local/studio).
 *
 * `startLocalStack({ api: ({ api, s3, jobs }) => api.mount(...) })` is where that happens, before
 * the port opens. A route that throws gets a 500 whose body names no internals (messages are
 * only exposed below 500).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StackLog } from './stack-log.js';

export type ApiRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/** What /healthz reports; `status: 'ok'` answers 200, anything else 503. */
export interface HealthReport {
  readonly status: string;
  readonly [field: string]: unknown;
}

export interface ApiServerOptions {
  readonly health: () => HealthReport;
  readonly log: StackLog;
}

export interface ApiServer {
  /** Routes every request whose path is `prefix` or starts with `prefix/` to `route` ('/': every other path). */
  mount(prefix: string, route: ApiRoute): void;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** `http://host:port` once listening. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const routes: { prefix: string; route: ApiRoute }[] = [];
  let url: string | undefined;

  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log.error('api: unhandled route failure', { path: req.url, error });
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 'InternalError', 'internal error'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', 'http://localhost');
    const path = target.pathname;
    if (path === '/healthz') {
      req.resume();
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, errorBody(405, 'MethodNotAllowed', `${req.method} /healthz: use GET`), {
          allow: 'GET, HEAD',
        });
      const report = options.health();
      return sendJson(res, report.status === 'ok' ? 200 : 503, report);
    }
    const match = routes.find(
      ({ prefix }) => prefix === '/' || path === prefix || path.startsWith(`${prefix}/`),
    );
    if (match) return match.route(req, res, target);
    req.resume();
    return sendJson(res, 404, errorBody(404, 'NotFound', `no route for ${req.method} ${path}`));
  }

  return {
    mount(prefix, route) {
      const clean = `/${prefix.replace(/^\/+|\/+$/g, '')}`;
      if (clean === '/healthz') throw new Error(`cannot mount a route at ${prefix}`);
      routes.push({ prefix: clean, route });
      routes.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    listen(port, host) {
      return new Promise<AddressInfo>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          const address = http.address() as AddressInfo;
          url = `http://${host}:${address.port}`;
          resolve(address);
        });
      });
    },
    get url() {
      return url;
    },
    close() {
      if (!http.listening) return Promise.resolve();
      return new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeIdleConnections();
        setTimeout(() => http.closeAllConnections(), 2000).unref();
      });
    },
  };
}

/** `{ error: { name, message, status } }`, as every error body of the server (ApiErrorBody). */
function errorBody(status: number, name: string, message: string) {
  return { error: { name, message, status } };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
