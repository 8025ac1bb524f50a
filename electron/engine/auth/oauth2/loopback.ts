import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyholeError } from '../../../../shared/errors';

export interface LoopbackReceiver {
  /** The redirect_uri to register in the authorization request (with the real port). */
  redirectUri: string;
  /** Resolves with the full callback URL once the browser comes back with this `state`. */
  waitForCallback(opts: { state: string; timeoutMs: number; signal?: AbortSignal | undefined }): Promise<URL>;
  close(): Promise<void>;
}

const PAGE = (title: string, text: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * An RFC 8252 §7.3 loopback redirect receiver: an HTTP server on 127.0.0.1 that takes the
 * authorization response and nothing else. The port is the one in `requested` (when the profile
 * pins one), otherwise any free port; requests with another path or state are answered 404/400
 * and ignored, so a stray tab cannot complete or break the flow.
 */
export async function openLoopback(requested: URL | undefined): Promise<LoopbackReceiver> {
  const path = requested?.pathname && requested.pathname !== '/' ? requested.pathname : '/callback';
  const hostname = requested?.hostname === '[::1]' ? '::1' : '127.0.0.1';
  const port = requested?.port ? Number(requested.port) : 0;
  let deliver: ((url: URL) => void) | undefined;
  let expectedState: string | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback.invalid');
    if (req.method !== 'GET' || url.pathname !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    if (!deliver || url.searchParams.get('state') !== expectedState) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Unexpected sign-in response', 'This response does not belong to the sign-in Keyhole is waiting for.'));
      return;
    }
    const ok = !url.searchParams.has('error');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' })
      .end(ok ? PAGE('Signed in', 'Keyhole received the authorization. You can close this window.')
        : PAGE('Sign-in refused', 'The authorization server refused the sign-in; Keyhole shows the reason.'));
    deliver(url);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolveListen());
  });
  const actual = (server.address() as AddressInfo).port;
  const hostPart = requested?.hostname && requested.hostname !== '' ? requested.hostname : '127.0.0.1';
  const redirectUri = `http://${hostPart}:${actual}${path}`;

  return {
    redirectUri,
    waitForCallback({ state, timeoutMs, signal }) {
      expectedState = state;
      return new Promise<URL>((resolveWait, reject) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          deliver = undefined;
        };
        const timer = setTimeout(() => {
          done();
          reject(new KeyholeError('timeout', `no sign-in came back to ${redirectUri} within ${Math.round(timeoutMs / 1000)} s`, {
            hint: 'Finish the sign-in in the browser window Keyhole opened, then send again.',
          }));
        }, timeoutMs);
        const onAbort = () => {
          done();
          reject(new KeyholeError('cancelled', 'the sign-in was cancelled'));
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        deliver = (url) => {
          done();
          resolveWait(url);
        };
      });
    },
    close: () => new Promise<void>((resolveClose) => {
      server.close(() => resolveClose());
      server.closeIdleConnections();
      // The browser may still be reading the "you can close this window" page; let it finish.
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    }),
  };
}
