import type { ServerResponse } from 'node:http';
import { startHttpServer, type HttpTestServer } from './http';

/**
 * An event-stream server on 127.0.0.1:0:
 *   /events?count=N&delay=MS&per=K   N SSE events, K at a time (id 1..N, event "tick", JSON data,
 *                              retry on the first), starting after the request's Last-Event-ID;
 *                              &retry=MS sets that retry (2500 by default); &last=K&then=204|500|text
 *                              answers a request whose Last-Event-ID is K or more with a 204, a 500, or
 *                              a 200 text/plain instead (EventSource's ends of reconnecting)
 *   /drop?count=N              N events after Last-Event-ID (retry 30), then the connection is cut
 *   /multiline                 one event whose data spans lines, a comment, an unnamed event
 *   /ndjson?count=N&delay=MS   N lines of JSON (application/x-ndjson)
 *   /idle                      one event, then silence (the client's idle timeout ends it)
 *   /forever                   an event every 20 ms until the client goes
 *   /refused                   401 with a Bearer challenge (an SSE endpoint that needs a token)
 *   /gate                      one event, then nothing until the test calls release(), then a last one
 */
export interface SseTestServer extends HttpTestServer {
  /** Lets every /gate stream waiting on it send its last event and end. */
  release(): void;
}

export async function startSseServer(): Promise<SseTestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const newGate = (): { promise: Promise<void>; resolve: () => void } => {
    let resolve = (): void => undefined;
    const promise = new Promise<void>((r) => { resolve = r; });
    return { promise, resolve };
  };
  let gate = newGate();
  const server = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const count = Number(url.searchParams.get('count') ?? '3');
    const delay = Number(url.searchParams.get('delay') ?? '0');
    const head = (type: string): void => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }); };
    const every = (ms: number, tick: (i: number) => boolean): void => {
      let i = 0;
      let t: NodeJS.Timeout | undefined;
      res.once('close', () => clearTimeout(t));
      const step = (): void => {
        if (t) timers.delete(t);
        i += 1;
        if (res.destroyed || !tick(i)) return void res.end();
        t = setTimeout(step, ms);
        timers.add(t);
      };
      step();
    };
    switch (url.pathname) {
      case '/events': {
        const after = Number(req.headers['last-event-id'] ?? '0');
        const last = url.searchParams.get('last');
        if (last !== null && after >= Number(last)) {
          const then = url.searchParams.get('then') ?? '204';
          if (then === 'text') res.writeHead(200, { 'content-type': 'text/plain' }).end('no more events\n');
          else res.writeHead(Number(then)).end();
          return;
        }
        const retry = url.searchParams.get('retry') ?? '2500';
        head('text/event-stream; charset=utf-8');
        const per = Math.max(1, Number(url.searchParams.get('per') ?? '1'));
        every(delay, (tick) => {
          const from = (tick - 1) * per + 1;
          if (from > count) return false;
          let text = '';
          for (let i = from; i < from + per && i <= count; i++) {
            const n = after + i;
            text += `${i === 1 ? `retry: ${retry}\n` : ''}id: ${n}\nevent: tick\ndata: {"n":${n},"text":"event ${n}"}\n\n`;
          }
          return write(res, text);
        });
        return;
      }
      case '/drop': {
        const after = Number(req.headers['last-event-id'] ?? '0');
        head('text/event-stream');
        let text = 'retry: 30\n';
        for (let i = after + 1; i <= after + count; i++) text += `id: ${i}\ndata: event ${i}\n\n`;
        // Written, then the socket is destroyed without the chunked body's end: a dropped connection.
        res.write(text, () => setTimeout(() => req.socket.destroy(), 20));
        return;
      }
      case '/multiline':
        head('text/event-stream');
        res.end(': a comment the client ignores\ndata: first line\ndata: second line\n\ndata: plain\n\n');
        return;
      case '/ndjson':
        head('application/x-ndjson');
        every(delay, (i) => (i > count ? false : write(res, `${JSON.stringify({ n: i, done: i === count })}\n`)));
        return;
      case '/idle':
        head('text/event-stream');
        write(res, 'id: 1\ndata: only one\n\n');
        return;
      case '/forever':
        head('text/event-stream');
        every(20, (i) => write(res, `id: ${i}\ndata: tick ${i}\n\n`));
        return;
      case '/gate':
        head('text/event-stream');
        write(res, 'id: 1\nevent: first\ndata: before the gate\n\n');
        void gate.promise.then(() => res.end('id: 2\nevent: last\ndata: after the gate\n\n'));
        return;
      case '/refused':
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="events"', 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      default:
        res.writeHead(404).end();
    }
  });
  const close = server.close;
  return {
    ...server,
    release: () => { gate.resolve(); gate = newGate(); },
    close: async () => { for (const t of timers) clearTimeout(t); gate.resolve(); await close(); },
  };
}

function write(res: ServerResponse, text: string): boolean {
  res.write(text);
  return true;
}
