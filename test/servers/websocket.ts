import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDigestGuard, type DigestGuardOptions } from '../../electron/engine/demo/digest';
import { recordRequest, type ReceivedRequest } from './http';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

export interface WsTestServer extends RunningServer {
  /** ws://127.0.0.1:port (wss:// with `tls`). */
  wsUrl: string;
  /** Every handshake the server saw, refused ones too. */
  handshakes: ReceivedRequest[];
  /** Every message the server received: its path, text (or base64 for binary) and kind. */
  received: { path: string; data: string; binary: boolean }[];
}

export const GOOD_TOKEN = 'ws-good-token-0123456789';

/**
 * A real `ws` server on 127.0.0.1:0 whose paths play the cases the tests need:
 *   /echo           echoes every message as it came (text or binary)
 *   /greet          says "hello" first, then echoes
 *   /headers        sends the handshake's headers as JSON, then echoes
 *   /count?n=N      sends N numbered messages
 *   /bearer         401 with a Bearer challenge unless `Authorization: Bearer GOOD_TOKEN`
 *   /forbidden      403 with a JSON body naming a missing scope
 *   /policy         accepts, then closes with 1008 unless ?token=GOOD_TOKEN
 *   /bye            closes with 4001 "bye" right away
 *   /cookie         sets `ws_session=abc123` on the handshake (Set-Cookie), then echoes
 *   /digest         (with `digest`) 401 with a Digest challenge unless the handshake answers one, then echoes
 *   /oauth          (with `acceptsToken`) 401 `Bearer error="invalid_token"` unless the bearer token is accepted, then echoes
 * Subprotocols: the first of chat.v2, chat.v1 the client offers is chosen.
 */
export async function startWsServer(o: {
  tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer; requestCert?: boolean };
  /** Guards /digest with the demo's RFC 7616 verifier (written apart from the client). */
  digest?: DigestGuardOptions;
  /** Decides which bearer tokens /oauth accepts (an API whose token server may revoke them). */
  acceptsToken?: (token: string) => boolean;
} = {}): Promise<WsTestServer> {
  const digest = o.digest ? createDigestGuard(o.digest) : undefined;
  const handshakes: ReceivedRequest[] = [];
  const received: WsTestServer['received'] = [];
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => ['chat.v2', 'chat.v1'].find((p) => offered.has(p)) ?? false,
  });
  wss.on('headers', (headers, req) => {
    if (new URL(req.url ?? '/', 'http://x').pathname === '/cookie') headers.push('Set-Cookie: ws_session=abc123; Path=/');
  });
  const server: Server = o.tls
    ? createHttpsServer({ key: o.tls.key, cert: o.tls.cert, ...(o.tls.ca ? { ca: o.tls.ca } : {}), requestCert: o.tls.requestCert ?? false, rejectUnauthorized: o.tls.requestCert ?? false })
    : createHttpServer();
  server.on('request', (_req, res) => { res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n'); });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handshakes.push(recordRequest(req));
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, headers: Record<string, string>, body: string): void => {
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\n${Object.entries({ ...headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' }).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
    };
    if (url.pathname === '/bearer') {
      const auth = req.headers.authorization;
      if (auth !== `Bearer ${GOOD_TOKEN}`) {
        return refuse(401, { 'WWW-Authenticate': auth ? 'Bearer realm="ws", error="invalid_token", error_description="The access token is invalid"' : 'Bearer realm="ws"', 'Content-Type': 'application/json' }, JSON.stringify({ error: auth ? 'invalid_token' : 'unauthorized' }));
      }
    }
    if (url.pathname === '/digest' && digest) {
      // The verifier answers as an HTTP handler would: its 200 lets the upgrade go on, its 401 is the refusal.
      let verdict: { status: number; headers: Record<string, string | string[]> } | undefined;
      const res = {
        writeHead(status: number, headers: Record<string, string | string[]>) { verdict = { status, headers }; return res; },
        end(body: string) {
          if (verdict?.status === 200) return;
          const h = Object.fromEntries(Object.entries(verdict?.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(`\r\n${k}: `) : v]));
          refuse(401, h, body);
        },
      };
      digest.handle(req, Buffer.alloc(0), res as never);
      if (verdict?.status !== 200) return;
    }
    if (url.pathname === '/oauth' && o.acceptsToken) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (token === undefined || !o.acceptsToken(token)) {
        return refuse(401, { 'WWW-Authenticate': token === undefined ? 'Bearer realm="ws"' : 'Bearer realm="ws", error="invalid_token"' }, 'token refused');
      }
    }
    if (url.pathname === '/forbidden') {
      return refuse(403, { 'Content-Type': 'application/json' }, JSON.stringify({ message: 'Missing scope: chat:write' }));
    }
    wss.handleUpgrade(req, socket, head, (ws) => play(ws, req, url, received));
  });
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  const scheme = o.tls ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${port}`, wsUrl: `${o.tls ? 'wss' : 'ws'}://127.0.0.1:${port}`, port, handshakes, received,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await closeServer(server, sockets);
    },
  };
}

function play(ws: WebSocket, req: IncomingMessage, url: URL, received: WsTestServer['received']): void {
  ws.on('message', (data, binary) => {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    received.push({ path: url.pathname, data: binary ? buf.toString('base64') : buf.toString('utf8'), binary });
    if (['/echo', '/greet', '/headers', '/cookie', '/digest', '/oauth'].includes(url.pathname)) ws.send(buf, { binary });
  });
  switch (url.pathname) {
    case '/greet': ws.send('hello'); break;
    case '/headers': ws.send(JSON.stringify(recordRequest(req).headers)); break;
    case '/count': {
      const n = Number(url.searchParams.get('n') ?? '3');
      for (let i = 1; i <= n; i++) ws.send(JSON.stringify({ n: i }));
      break;
    }
    case '/policy':
      if (url.searchParams.get('token') !== GOOD_TOKEN) ws.close(1008, 'token required');
      else ws.send('welcome');
      break;
    case '/bye': ws.close(4001, 'bye'); break;
    default: break;
  }
}
