import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request as undiciRequest } from 'undici';
import type { Exchange, HeaderList } from '../../../shared/model';
import type { PreparedRequest } from '../../../electron/engine/http/types';
import { memoryStore, type ScriptInfo, type ScriptRequest, type VariableStores } from '../../../electron/engine/scripts';

export function stores(init: Partial<Record<keyof VariableStores, Record<string, string>>> = {}): VariableStores {
  return { globals: memoryStore(init.globals), collection: memoryStore(init.collection), environment: memoryStore(init.environment), runtime: memoryStore(init.runtime) };
}

export const info: ScriptInfo = { iteration: 0, iterationCount: 2, requestName: 'Get user', requestId: 'req-1' };

export function scriptRequest(over: Partial<ScriptRequest> = {}): ScriptRequest {
  return { method: 'GET', url: '{{base}}/users/1', query: [], headers: [{ key: 'Accept', value: 'application/json', enabled: true }], body: { mode: 'none' }, ...over };
}

export function exchange(status: number, body: string, headers: HeaderList = [['Content-Type', 'application/json']], statusText = 'OK'): Exchange {
  const size = Buffer.byteLength(body);
  return {
    id: 'x1', startedAt: new Date(0).toISOString(),
    request: { method: 'GET', url: 'http://127.0.0.1/users/1', headers: [], bodySize: 0 },
    response: { status, statusText, httpVersion: '1.1', headers, body: { storage: 'inline', base64: Buffer.from(body).toString('base64') }, headersSize: 0, bodySizeCompressed: size, bodySizeDecoded: size, contentEncoding: [] },
    hops: [], timings: { dns: 0, connect: 1, tls: 0, firstByte: 2, download: 1, total: 42 }, authLog: [], warnings: [],
  };
}

export interface TestServer {
  url: string;
  seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** A JSON echo server on 127.0.0.1:0: /echo returns what it got; /slow never answers. */
export async function startServer(): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url?.startsWith('/slow')) return;
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Set-Cookie', 'sid=abc123; Path=/');
      res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
      res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, seen,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A small sender over undici for pm.sendRequest, standing in for the engine's send. */
export async function send(req: PreparedRequest): Promise<Exchange> {
  const t0 = performance.now();
  const res = await undiciRequest(req.url, {
    method: req.method as 'GET', headers: req.headers.flat(),
    body: req.body.kind === 'bytes' ? Buffer.from(req.body.data) : undefined,
  });
  const data = Buffer.from(await res.body.arrayBuffer());
  const headers: HeaderList = [];
  for (const [k, v] of Object.entries(res.headers)) for (const one of Array.isArray(v) ? v : [v ?? '']) headers.push([k, one]);
  const x = exchange(res.statusCode, '', headers, res.statusCode === 200 ? 'OK' : 'Not Found');
  x.request = { method: req.method, url: req.url, headers: req.headers, bodySize: 0 };
  x.response.body = { storage: 'inline', base64: data.toString('base64') };
  x.response.bodySizeDecoded = data.length;
  x.timings.total = performance.now() - t0;
  return x;
}
