import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

/**
 * Servers that attack the client: each one's answer would exhaust memory, disk or time if the
 * transport trusted it. All listen on 127.0.0.1:0. `closed()` counts client sockets that went
 * away, so a test can see that the client really dropped the connection (not only gave up).
 */
export interface HostileServer extends RunningServer {
  /** Client connections that have closed so far. */
  closed(): number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Body bytes the server has handed to its sockets so far (endless-chunked, gzip-bomb). */
  written(): number;
}

export type HostileKind =
  /** Gzip members of 16 MiB of zeros, repeated without end: ~16 KiB on the wire per 16 MiB decoded. */
  | 'gzip-bomb'
  /** A small body wrapped in 6 gzip layers, declared as `gzip, gzip, gzip, gzip, gzip, gzip`. */
  | 'encoding-layers'
  /** A small body wrapped in 1,000 gzip layers (~20 KB), declared as 1,000 `gzip` codings. */
  | 'encoding-chain'
  /** Chunked transfer of 64 KiB chunks that never ends (writes as fast as the client reads). */
  | 'endless-chunked'
  /** Status and headers at once, then one body byte per second, forever. */
  | 'slow-drip'
  /** Status and headers at once, one body byte, then silence with the connection open. */
  | 'stall-body'
  /** Reads the request and never answers (headers timeout). */
  | 'no-head'
  /** A status line followed by 100,000 headers, written raw. */
  | 'header-flood';

const BOMB_MEMBER = gzipSync(Buffer.alloc(16 * 1024 * 1024));
export const BOMB_MEMBER_DECODED = 16 * 1024 * 1024;
export const CHAIN_LAYERS = 1000;
let chainBody: Buffer | undefined;
const chain = (): Buffer => (chainBody ??= Array.from({ length: CHAIN_LAYERS }).reduce<Buffer>((b) => gzipSync(b), Buffer.from('{"ok":true}')));

export async function startHostileServer(kind: HostileKind): Promise<HostileServer> {
  let closed = 0;
  let accepted = 0;
  const sent = { bytes: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const onSocket = (s: Socket): void => {
    accepted += 1;
    s.on('error', () => undefined);
    s.once('close', () => { closed += 1; });
  };
  const every = (ms: number, fn: () => void, alive: () => boolean): void => {
    const t = setInterval(() => {
      if (!alive()) { clearInterval(t); timers.delete(t); return; }
      fn();
    }, ms);
    timers.add(t);
  };

  if (kind === 'header-flood' || kind === 'no-head') {
    const server = createNetServer((socket) => {
      onSocket(socket);
      if (kind === 'no-head') { socket.on('data', () => undefined); return; }
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\n');
        let i = 0;
        const pump = (): void => {
          while (i < 100_000) {
            const lines: string[] = [];
            for (let j = 0; j < 1000 && i < 100_000; j++, i++) lines.push(`x-flood-${i}: v\r\n`);
            if (socket.destroyed) return;
            if (!socket.write(lines.join(''))) return void socket.once('drain', pump);
          }
          socket.end('content-length: 0\r\n\r\n');
        };
        pump();
      });
    });
    const sockets = trackSockets(server);
    const port = await listenLocal(server);
    return { url: `http://127.0.0.1:${port}`, port, closed: () => closed, accepted: () => accepted, written: () => sent.bytes, close: () => closeServer(server, sockets) };
  }

  const server = createHttpServer((req, res) => {
    req.resume();
    const alive = (): boolean => !res.destroyed && !res.writableEnded;
    switch (kind) {
      case 'gzip-bomb':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' });
        pumpForever(res, BOMB_MEMBER, sent);
        break;
      case 'encoding-layers': {
        let body: Buffer = Buffer.from('{"ok":true}');
        for (let i = 0; i < 6; i++) body = gzipSync(body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip, gzip, gzip, gzip, gzip, gzip', 'content-length': body.length });
        res.end(body);
        break;
      }
      case 'encoding-chain':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': Array(CHAIN_LAYERS).fill('gzip').join(', '), 'content-length': chain().length });
        res.end(chain());
        break;
      case 'endless-chunked':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        pumpForever(res, Buffer.alloc(64 * 1024, 0x61), sent);
        break;
      case 'slow-drip':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('a');
        every(1000, () => res.write('a'), alive);
        break;
      case 'stall-body':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('a');
        break;
    }
  });
  server.on('connection', onSocket);
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}`, port, closed: () => closed, accepted: () => accepted, written: () => sent.bytes,
    close: () => {
      for (const t of timers) clearInterval(t);
      return closeServer(server, sockets);
    },
  };
}

/** Writes `chunk` again and again, as fast as the client reads, until the client goes away. */
function pumpForever(res: ServerResponse, chunk: Buffer, sent: { bytes: number }): void {
  const pump = (): void => {
    while (!res.destroyed) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
  };
  res.on('error', () => undefined);
  pump();
}
