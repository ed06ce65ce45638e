/**
 * Loading tfjs graph models from `file://` URLs in Node without `tfjs-node`.
 *
 * tfjs-core only routes `http(s)://` model URLs (to its `http` IO handler, which fetches the
 * model JSON and then the weight files next to it). We register one more load router for
 * `file://` URLs that returns the very same `http` handler with a `fetch` shim serving files
 * from disk, so nothing is ever downloaded and human's own loader code runs unchanged.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The part of `tf.io` we use (tfjs-core 4.x). */
export interface TfIoLike {
  registerLoadRouter(router: (url: string | string[], options?: unknown) => unknown): void;
  http(path: string, options: { fetchFunc: typeof fetchFile }): unknown;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  json: 'application/json',
  bin: 'application/octet-stream',
};

/**
 * A `fetch` for `file://` URLs: 200 with the file's bytes, 404 when it is missing.
 * Any other scheme is refused: models must never be downloaded at run time.
 */
export async function fetchFile(input: string | URL | { url: string }): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith('file://')) {
    throw new TypeError(`fetchFile serves file:// URLs only, got ${url}`);
  }
  const extension = url.split('.').pop()?.toLowerCase() ?? '';
  try {
    const bytes = await readFile(fileURLToPath(url));
    return new Response(bytes, {
      status: 200,
      headers: { 'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream' },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      return new Response(`not found: ${url}`, { status: 404, statusText: 'Not Found' });
    }
    throw error;
  }
}

const registered = new WeakSet<object>();

/** Routes `file://` model URLs of this tfjs instance to disk (idempotent per `io` object). */
export function registerFileModelRouter(io: TfIoLike): void {
  if (registered.has(io)) return;
  registered.add(io);
  io.registerLoadRouter((url) =>
    typeof url === 'string' && url.startsWith('file://') ? io.http(url, { fetchFunc: fetchFile }) : null,
  );
}
