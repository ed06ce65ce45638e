/**
 * An HTTP proxy on loopback in front of the local S3 API, for the stack's own clients
 * (`startLocalStack({ s3ClientEndpoint })`): every request is passed on unchanged (the Host header
 * too, so SigV4 signatures still hold) and recorded, except those a fault rule claims: the first
 * `times` requests matching a rule's method and key pattern are answered with an S3 error
 * (`503 ServiceUnavailable` by default) and never reach the store.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3FaultRule {
  readonly method: string;
  /** Tested against the object key (path-style: the path after `/<bucket>/`, decoded). */
  readonly key: RegExp;
  /** How many matching requests fail; later ones pass. */
  readonly times: number;
  /** @default 503 */
  readonly status?: number;
  /** S3's error code in the XML body. @default 'ServiceUnavailable' */
  readonly code?: string;
}

export interface S3Request {
  readonly method: string;
  readonly key: string;
  /** The status the client got. */
  readonly status: number;
  /** True when a fault rule answered instead of the store. */
  readonly injected: boolean;
}

export interface S3FaultProxy {
  /** e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request so far, in order of completion. */
  readonly requests: S3Request[];
  /** Replaces the fault rules (their counters start again). */
  setFaults(rules: readonly S3FaultRule[]): void;
  /** Requests with `method` whose key matches `key`. */
  count(method: string, key: RegExp, filter?: (request: S3Request) => boolean): number;
  close(): Promise<void>;
}

/** @param target the S3 API's host and port (e.g. 127.0.0.1 and the stack's s3Port). */
export async function startS3FaultProxy(target: { host: string; port: number }): Promise<S3FaultProxy> {
  const requests: S3Request[] = [];
  let rules: { rule: S3FaultRule; used: number }[] = [];

  const keyOf = (req: IncomingMessage): string => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const [, , ...rest] = path.split('/');
    return decodeURIComponent(rest.join('/'));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const key = keyOf(req);
    const claimed = rules.find(
      ({ rule, used }) => rule.method === method && rule.key.test(key) && used < rule.times,
    );
    if (claimed) {
      claimed.used += 1;
      const status = claimed.rule.status ?? 503;
      const code = claimed.rule.code ?? 'ServiceUnavailable';
      req.resume();
      req.on('end', () => {
        const body =
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
          `<Message>injected fault</Message><Key>${key}</Key><RequestId>fault-${claimed.used}</RequestId></Error>`;
        res.writeHead(status, {
          'content-type': 'application/xml',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        requests.push({ method, key, status, injected: true });
      });
      return;
    }
    const upstream = httpRequest(
      { host: target.host, port: target.port, method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () =>
          requests.push({ method, key, status: answer.statusCode ?? 0, injected: false }),
        );
      },
    );
    upstream.on('error', (error) => {
      res.destroy(error);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    setFaults(next) {
      rules = next.map((rule) => ({ rule, used: 0 }));
    },
    count(method, key, filter = () => true) {
      return requests.filter((r) => r.method === method && key.test(r.key) && filter(r)).length;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
