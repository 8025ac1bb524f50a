import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

export interface HttpTestServer extends RunningServer {
  /** Every request the server received, in order (method, url, raw headers). */
  requests: ReceivedRequest[];
  /** How many TCP connections it accepted (keep-alive reuse shows as fewer connections than requests). */
  connections(): number;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  /** Raw header pairs as received, names in their original case. */
  headers: [string, string][];
  header(name: string): string | undefined;
}

export function recordRequest(req: IncomingMessage): ReceivedRequest {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
  return {
    method: req.method ?? '',
    url: req.url ?? '',
    headers,
    header: (name) => headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v).join(', ') || undefined,
  };
}

/** A plain HTTP/1.1 server on 127.0.0.1:0 running the given handler. */
export async function startHttpServer(handler: RequestListener): Promise<HttpTestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push(recordRequest(req));
    handler(req, res);
  });
  const sockets = trackSockets(server);
  let connections = 0;
  server.on('connection', () => { connections += 1; });
  const port = await listenLocal(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, connections: () => connections, close: () => closeServer(server, sockets) };
}

/** Reads a request body whole (test servers only: the bodies tests send are bounded). */
export async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A handler that answers with JSON describing the request: method, url, raw headers, the body as
 * base64 and its size. Most transport tests only need this.
 */
export const echoHandler: RequestListener = (req, res) => {
  void readRequestBody(req).then((body) => sendJson(res, 200, {
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    headers: recordRequest(req).headers,
    bodyBase64: body.toString('base64'),
    bodySize: body.length,
  }));
};

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
