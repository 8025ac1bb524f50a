import { createServer } from 'node:http';
import { createDigestGuard, type DigestGuard, type DigestGuardOptions } from '../../electron/engine/demo/digest';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

export interface DigestServerOptions extends DigestGuardOptions {
  /**
   * Expires every nonce issued so far just before request number `n` (from 1) is checked when this
   * says so: a nonce lifetime shorter than a round trip, or a nonce rotated between challenge and answer.
   */
  rotateNoncesBefore?: ((n: number) => boolean) | undefined;
}

/**
 * A server whose every path is guarded by the demo's RFC 7616 verifier, which is written apart
 * from the client code it checks (electron/engine/auth/digest*).
 */
export type DigestServer = RunningServer & Omit<DigestGuard, 'handle'>;

export async function startDigestServer(opts: DigestServerOptions): Promise<DigestServer> {
  const guard = createDigestGuard(opts);
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count += 1;
      if (opts.rotateNoncesBefore?.(count)) guard.expireNonces();
      guard.handle(req, Buffer.concat(chunks), res);
    });
  });
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}`, port,
    seen: guard.seen, failures: guard.failures, unauthorized: guard.unauthorized, expireNonces: guard.expireNonces,
    close: () => closeServer(server, sockets),
  };
}
