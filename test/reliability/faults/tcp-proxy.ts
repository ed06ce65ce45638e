/**
 * A TCP proxy on loopback in front of a server (here: the sampler), for cutting its connections
 * the way a crashed process does: `cut()` resets every open connection at once (the caller sees
 * ECONNRESET or "socket hang up"; the server behind sees its caller gone). New connections are
 * passed on as before.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Connections accepted so far. */
  readonly accepted: () => number;
  /** Resets every open connection; returns how many there were. */
  cut(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted += 1;
    const upstream = connect(target.port, target.host);
    open.add(client);
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    cut() {
      const count = open.size;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
      return count;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await closed;
    },
  };
}
