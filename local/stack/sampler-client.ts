/**
 * The Draw task's port to the sampler server in the local stack: `POST /invocations` with the
 * DrawRequest, over node:http (not fetch: undici's 300 s headers timeout would cut a long draw;
 * the Draw state's TimeoutSeconds bounds the call instead).
 *
 * - 200: the body (a DrawResult; createSyncDrawHandler parses it);
 * - any other status: the container's error body mapped as draw-callback maps it in AWS
 *   (`drawFailure`): a `RemoteDrawError` named after the container's error (NoFaceError,
 *   UnsupportedImageError, ...), `TransientError` for its "try again" 503s; without our error
 *   body (a bare 500 from a dying process), `SamplerFaultError`, or `DrawFailedError` for a 4xx;
 * - no answer (refused, reset): `TransientError`, so the Draw state retries;
 * - `abortAll()` (the stack stopping): pending calls are cut (the sampler rolls their outputs
 *   back) and reject with `SamplerCallError`.
 *
 * `beforeCall` runs first on every call, with the call's abort signal: the stack waits there for
 * the sampler's models to load (in-process), or for its `GET /ping` (an external sampler, see
 * sampler-readiness.ts).
 */
import { request as httpRequest } from 'node:http';
import type { DrawRequest } from '../../core/contracts/draw-request.js';
import { drawFailure, RemoteDrawError } from '../../functions/shared/draw-failure.js';
import { TransientError } from '../../functions/shared/pipeline-errors.js';
import { SamplerCallError } from './errors.js';

export interface SamplerClientOptions {
  /** The sampler's base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Awaited before each call (e.g. the server's readiness); the signal fires on `abortAll()`. */
  readonly beforeCall?: (signal: AbortSignal) => Promise<void>;
}

export class SamplerClient {
  readonly url: string;
  readonly #beforeCall: ((signal: AbortSignal) => Promise<void>) | undefined;
  readonly #controllers = new Set<AbortController>();

  constructor(options: SamplerClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#beforeCall = options.beforeCall;
  }

  /** Calls in progress. */
  get pending(): number {
    return this.#controllers.size;
  }

  /** The sampler's DrawResult for `request` (unparsed JSON); throws as described above. */
  async draw(request: DrawRequest): Promise<unknown> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    try {
      await this.#beforeCall?.(controller.signal);
      if (controller.signal.aborted) throw new SamplerCallError(`draw of ${request.jobId} was cut off`);
      const { status, body } = await this.#post('/invocations', JSON.stringify(request), controller.signal);
      const json = parseJson(body);
      if (status === 200) return json;
      throw new RemoteDrawError(drawFailure(json, `the sampler answered HTTP ${status}`));
    } finally {
      this.#controllers.delete(controller);
    }
  }

  /** Cuts every call in progress. */
  abortAll(): void {
    for (const controller of this.#controllers) controller.abort();
  }

  #post(path: string, body: string, signal: AbortSignal): Promise<{ status: number; body: string }> {
    const target = `${this.url}${path}`;
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        target,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', (error) => reject(this.#callError(error, signal, target)));
        },
      );
      req.on('error', (error) => reject(this.#callError(error, signal, target)));
      req.end(body);
    });
  }

  #callError(error: Error, signal: AbortSignal, target: string): Error {
    if (signal.aborted) return new SamplerCallError(`the call to ${target} was cut off`, { cause: error });
    return new TransientError(`the sampler at ${target} did not answer: ${error.message}`, { cause: error });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
