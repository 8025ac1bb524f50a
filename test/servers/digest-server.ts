import { createServer } from 'node:http';
import { createDigestGuard, type DigestGuard, type DigestGuardOptions } from '../../electron/engine/demo/digest';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

export type DigestServerOptions = DigestGuardOptions;

/**
 * A server whose every path is guarded by the demo's RFC 7616 verifier, which is written apart
 * from the client code it checks (electron/engine/auth/digest*).
 */
export type DigestServer = RunningServer & Omit<DigestGuard, 'handle'>;

export async function startDigestServer(opts: DigestServerOptions): Promise<DigestServer> {
  const guard = createDigestGuard(opts);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => guard.handle(req, Buffer.concat(chunks), res));
  });
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}`, port,
    seen: guard.seen, failures: guard.failures, unauthorized: guard.unauthorized, expireNonces: guard.expireNonces,
    close: () => closeServer(server, sockets),
  };
}
