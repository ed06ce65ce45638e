/**
 * The web studio on the local API server, at `/` (every path no other route takes):
 *
 *   GET /, /index.html    the page, with the local API key in <meta name="tbd-api-key"> when the
 *                         request names a loopback host (a DNS-rebound name gets no key: the page
 *                         then asks for one)
 *   GET /studio.js(.map), /studio.css
 *   anything else         404 / 405, JSON like the rest of the server
 *
 * The page is a client of /v1 and nothing else; its Content-Security-Policy allows scripts and
 * styles from this origin only, and media and uploads to the S3 endpoint the presigned URLs
 * name.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_KEYS_DEFAULTS, loadApiKeys } from '../api/api-keys-file.js';
import type { ApiRoute } from '../stack/api-server.js';
import type { LocalStackServices } from '../stack/local-stack.js';
import { buildStudio, STUDIO_FILES, type StudioAssets } from './build-studio.js';

export const STUDIO_KEY_META = '<meta name="tbd-api-key" content="">';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface StudioRouteOptions {
  /** The built assets (built in the background while the stack starts). */
  readonly assets: Promise<StudioAssets>;
  /** The key written into the page; undefined: the page asks for one. */
  readonly apiKey?: () => string | undefined;
  /** Origins of the presigned URLs (the S3 endpoint): the page loads media from and uploads to them. */
  readonly mediaOrigins: readonly string[];
  /** Told when the page cannot be served (the build failed). */
  readonly onError?: (error: unknown) => void;
}

function escapeAttribute(text: string): string {
  return text.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Whether the request names this machine (not some other name that resolves to it). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return LOOPBACK_HOSTS.has(name ?? '');
}

export function contentSecurityPolicy(mediaOrigins: readonly string[]): string {
  const media = mediaOrigins.join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' blob: data: ${media}`,
    `media-src 'self' blob: ${media}`,
    `connect-src 'self' blob: ${media}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendJson(res: ServerResponse, status: number, name: string, message: string, headers = {}) {
  const body = `${JSON.stringify({ error: { name, message, status } })}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function createStudioRoute(options: StudioRouteOptions): ApiRoute {
  const csp = contentSecurityPolicy(options.mediaOrigins);
  const common = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    req.resume();
    const method = req.method ?? 'GET';
    const name = url.pathname === '/' ? STUDIO_FILES.page : url.pathname.slice(1);
    let assets: StudioAssets;
    try {
      assets = await options.assets;
    } catch (error) {
      options.onError?.(error);
      return sendJson(res, 503, 'StudioUnavailableError', (error as Error).message);
    }
    const asset = assets.get(name);
    if (!asset) return sendJson(res, 404, 'NotFound', `no route for ${method} ${url.pathname}`);
    if (method !== 'GET' && method !== 'HEAD')
      return sendJson(res, 405, 'MethodNotAllowed', `${method} ${url.pathname}: use GET`, {
        allow: 'GET, HEAD',
      });

    if (name === STUDIO_FILES.page) {
      const key = isLoopbackHost(req.headers.host) ? options.apiKey?.() : undefined;
      const page = key
        ? Buffer.from(
            asset.body
              .toString('utf8')
              .replace(STUDIO_KEY_META, `<meta name="tbd-api-key" content="${escapeAttribute(key)}">`),
          )
        : asset.body;
      res.writeHead(200, {
        ...common,
        'content-type': asset.contentType,
        'content-length': page.length,
        'cache-control': 'no-store',
        'content-security-policy': csp,
      });
      res.end(method === 'HEAD' ? undefined : page);
      return;
    }
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, { ...common, etag: asset.etag, 'cache-control': 'no-cache' });
      res.end();
      return;
    }
    res.writeHead(200, {
      ...common,
      'content-type': asset.contentType,
      'content-length': asset.body.length,
      'cache-control': 'no-cache',
      etag: asset.etag,
    });
    res.end(method === 'HEAD' ? undefined : asset.body);
  };
}

/**
 * Mounts the studio at `/` of the local API server, with the default local key (`local-default`
 * of `<data-dir>/api-keys.json`, else the first key) written into the page. Call it after the
 * API is mounted (mountApi creates the keys file). The page is built before this resolves (tens
 * of ms), so nothing is left working in the background once the stack says it is ready; a page
 * that does not build is logged, and `/` answers 503 saying why while the API works on.
 */
export async function mountStudio(services: LocalStackServices): Promise<void> {
  const keys = await loadApiKeys(services.dataDir);
  const key = (keys.entries.find((entry) => entry.id === API_KEYS_DEFAULTS.id) ?? keys.entries[0])?.key;
  const assets = buildStudio();
  await assets.catch((error: unknown) => services.log.error('studio: the page cannot be served', { error }));
  services.api.mount(
    '/',
    createStudioRoute({ assets, apiKey: () => key, mediaOrigins: [services.s3Endpoint] }),
  );
}
