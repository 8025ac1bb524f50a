import type { Server } from 'node:net';

/** What every test server helper returns: where it listens and how to stop it. */
export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an OS-chosen port; tests never use any other address. */
export function listenLocal(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address();
      if (addr === null || typeof addr === 'string') reject(new Error('server has no TCP address'));
      else resolve(addr.port);
    });
  });
}

/**
 * Closes a server and destroys its open sockets, so keep-alive connections from a cached client
 * dispatcher do not hold the test open.
 */
export function closeServer(server: Server, sockets: Set<import('node:net').Socket>): Promise<void> {
  return new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}

/** Tracks the sockets of a server so closeServer can end them. */
export function trackSockets(server: Server): Set<import('node:net').Socket> {
  const sockets = new Set<import('node:net').Socket>();
  const add = (s: import('node:net').Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  server.on('connection', add);
  // TLS servers hand out TLSSockets on secureConnection; their raw sockets come through 'connection'.
  return sockets;
}
