import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDigestGuard } from './digest';
import { DEMO_USER, findRoute, type DemoContext } from './routes';

export interface DemoServer {
  url: string;
  /** A second listener: same routes, a different origin (for cross-origin redirects). */
  otherUrl: string;
  close(): Promise<void>;
}

/**
 * The local API the example workspace and the tests talk to. Bound to 127.0.0.1 only; port 0
 * picks a free port. It refuses in the ways the 401 explainer explains.
 */
export async function startDemoServer(opts: { port?: number; now?: () => Date } = {}): Promise<DemoServer> {
  const sessions = new Map<string, number>();
  const now = opts.now ?? (() => new Date());
  const digest = createDigestGuard({
    users: { [DEMO_USER.username]: DEMO_USER.password }, realm: 'keyhole-demo', algorithms: ['SHA-256', 'MD5'],
    qop: ['auth', 'auth-int'], nonceTtlMs: 60_000, now: () => now().getTime(),
  });
  const ctx: DemoContext = { origin: '', otherOrigin: '', now, sessions, digest };
  const make = (): Server => createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', ctx.origin);
      const handler = findRoute(req.method ?? 'GET', url.pathname);
      if (!handler) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not found', path: url.pathname }));
        return;
      }
      Promise.resolve(handler(req, res, Buffer.concat(chunks), url, ctx)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(e) }));
      });
    });
  });
  const main = make();
  const other = make();
  const listen = (s: Server, port: number) => new Promise<number>((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
  });
  const port = await listen(main, opts.port ?? 0);
  const otherPort = await listen(other, 0);
  ctx.origin = `http://127.0.0.1:${port}`;
  ctx.otherOrigin = `http://127.0.0.1:${otherPort}`;
  const close = (s: Server) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); });
  return { url: ctx.origin, otherUrl: ctx.otherOrigin, close: async () => { await Promise.all([close(main), close(other)]); } };
}
