import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyholeError } from '../../shared/errors';
import { BYTES_META_HEADER, BYTES_TYPE, dispatch, failure, isBytesAnswer, metaOf, type Handlers } from '../../shared/ipc';
import { check } from './guard';
import { staticFile } from './static-files';

export interface BridgeOptions {
  handlers: Handlers;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 (the default) picks a free port. */
  port?: number | undefined;
  /** Per-launch secret; a random 256-bit one by default. */
  token?: string | undefined;
}

export interface Bridge {
  /** The address to open: the token rides in the fragment, which browsers never send to a server. */
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 150 * 1024 * 1024;

/** The strictest policy the renderer runs under: its own scripts, Monaco's workers and inline styles. */
export const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "worker-src 'self' blob:", "connect-src 'self'", "frame-src 'self' blob:",
  "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy': CSP,
};

/**
 * The browser mode: the built renderer and the IPC contract over HTTP, on 127.0.0.1 only.
 * POST /api/<channel> with the JSON argument answers the same envelope as Electron's IPC; every
 * argument goes through dispatch(), which validates it against the contract. There is no CORS
 * (no Access-Control-Allow-Origin at all), no file-reading or proxying endpoint.
 */
export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify(failure(e)));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://bridge.invalid');
    const api = url.pathname.startsWith('/api/');
    const verdict = check(req.headers, { port, token }, api);
    if (!verdict.ok) {
      req.resume();
      return send(res, verdict.status, 'text/plain; charset=utf-8', `${verdict.status === 403 ? 'Forbidden' : 'Unauthorized'}: ${verdict.reason}\n`);
    }
    if (!api) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed\n');
      const file = await staticFile(o.staticDir, url.pathname);
      if (!file) return send(res, 404, 'text/plain', 'Not found\n');
      return send(res, 200, file.type, req.method === 'HEAD' ? '' : file.body);
    }
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method not allowed\n');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      req.resume();
      return send(res, 415, 'application/json', JSON.stringify(failure(new KeyholeError('invalid-input', 'The bridge takes application/json'))));
    }
    const text = await readBody(req);
    if (text === undefined) return send(res, 413, 'application/json', JSON.stringify(failure(new KeyholeError('body-too-large', 'The argument is larger than 150 MB'))));
    let input: unknown;
    try {
      input = text === '' ? {} : JSON.parse(text);
    } catch {
      return send(res, 400, 'application/json', JSON.stringify(failure(new KeyholeError('invalid-input', 'The argument is not JSON'))));
    }
    const envelope = await dispatch(o.handlers, decodeURIComponent(url.pathname.slice('/api/'.length)), input);
    if (envelope.ok && isBytesAnswer(envelope.value)) {
      const { bytes } = envelope.value;
      res.setHeader(BYTES_META_HEADER, JSON.stringify(metaOf(envelope.value)));
      return send(res, 200, BYTES_TYPE, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
    send(res, 200, 'application/json', JSON.stringify(envelope));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
