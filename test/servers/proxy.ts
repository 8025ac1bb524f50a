import { createServer } from 'node:http';
import { createProxy } from 'proxy';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

export interface ProxyTestServer extends RunningServer {
  /** Targets of CONNECT tunnels ("127.0.0.1:1234") and absolute URLs of plain proxied requests, in order. */
  proxied: string[];
  /** Requests refused for missing or wrong credentials (answered 407). */
  refused: number;
}

export interface ProxyServerOptions {
  /** Require `Proxy-Authorization: Basic` with these credentials. */
  auth?: { username: string; password: string };
}

/** An HTTP forward proxy (plain requests and CONNECT tunnels) that counts what it proxied. */
export async function startProxyServer(opts: ProxyServerOptions = {}): Promise<ProxyTestServer> {
  const proxied: string[] = [];
  const state = { refused: 0 };
  const server = createProxy(createServer());
  const expected = opts.auth ? `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}` : undefined;
  server.authenticate = (req) => {
    if (expected !== undefined && req.headers['proxy-authorization'] !== expected) {
      state.refused += 1;
      return false;
    }
    proxied.push(req.method === 'CONNECT' ? req.url ?? '' : req.url ?? '');
    return true;
  };
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}`, port, proxied,
    get refused() { return state.refused; },
    close: () => closeServer(server, sockets),
  };
}
