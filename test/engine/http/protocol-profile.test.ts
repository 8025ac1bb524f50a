// The transport side of Postman's protocolProfileBehavior settings (issue #18 §2.8), checked
// against local servers directly where newman cannot be the oracle: Keyhole's own safety rules
// around them (credential query parameters kept out of a Referer, an auth profile's origins
// winning over followAuthorizationHeader), and insecureHTTPParser, which newman's corpus server
// (Node's http, which refuses to write a malformed header) cannot exercise.
// The behaviour newman shares is compared with newman in test/parity (protocol-profile).
import { createServer, type Server, type Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../shared/errors';
import { closeDispatchers, createCookieJar, readBodyText, send } from '../../../electron/engine/http';
import { pathAsWritten } from '../../../electron/engine/http/send';
import { echoHandler, startHttpServer, type HttpTestServer } from '../../servers/http';
import { closeServer, listenLocal, trackSockets } from '../../servers/running';
import { context, header, prepared, type Echo } from './helpers';

let a: HttpTestServer;
/** The same server under another host name: a redirect there changes origin. */
let aByName: string;
let malformed: { server: Server; sockets: Set<Socket>; url: string };

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'set-cookie': 'fresh=1; Path=/' });
  res.end();
}

beforeAll(async () => {
  a = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/to') return redirect(res, url.searchParams.get('target') ?? '/echo');
    echoHandler(req, res);
  });
  aByName = `http://localhost:${a.port}`;
  // A response head with a control character in a header value: Node's lenient parser takes it,
  // a strict one does not.
  const server = createServer((socket) => {
    socket.once('data', (head) => socket.end(head.toString('latin1').startsWith('GET /garbage')
      ? 'not an HTTP answer at all\r\n\r\n'
      : 'HTTP/1.1 200 OK\r\nX-Odd: a\u0001b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
  });
  const sockets = trackSockets(server);
  malformed = { server, sockets, url: `http://127.0.0.1:${await listenLocal(server)}` };
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([a.close(), closeServer(malformed.server, malformed.sockets)]);
});

const echoOf = async (body: Parameters<typeof readBodyText>[0]) => JSON.parse(await readBodyText(body)) as Echo;

describe('Referer on redirects (refererOnRedirect)', () => {
  it('is not sent by default, and is the URL that answered when set', async () => {
    const start = `${a.url}/to?target=/echo`;
    const plain = await send(prepared(start), await context());
    expect(header(await echoOf(plain.response.body), 'referer')).toBeUndefined();
    const withReferer = await send(prepared(start), await context({ refererOnRedirect: true }));
    expect(header(await echoOf(withReferer.response.body), 'referer')).toBe(start);
  });

  it('leaves credential query parameters out when the redirect changes origin', async () => {
    const start = `${a.url}/to?target=${encodeURIComponent(`${aByName}/echo`)}&api_key=s3cret`;
    const ex = await send(prepared(start, { credentialQuery: ['api_key'] }), await context({ refererOnRedirect: true }));
    const referer = header(await echoOf(ex.response.body), 'referer');
    expect(referer).toContain('/to?target=');
    expect(referer).not.toContain('s3cret');
  });
});

describe('followAuthorizationHeader', () => {
  const toOtherHost = () => `${a.url}/to?target=${encodeURIComponent(`${aByName}/echo`)}`;
  const withCredentials = (over: Parameters<typeof prepared>[1] = {}) => prepared(toOtherHost(), {
    headers: [['Authorization', 'Bearer t0ken'], ['Cookie', 'session=abc']], credentialHeaders: ['authorization', 'cookie'], ...over,
  });

  it('keeps Authorization (only) across a change of origin', async () => {
    const stripped = await send(withCredentials(), await context());
    expect(header(await echoOf(stripped.response.body), 'authorization')).toBeUndefined();
    const kept = await send(withCredentials(), await context({ followAuthorizationHeader: true }));
    const seen = await echoOf(kept.response.body);
    expect(header(seen, 'authorization')).toBe('Bearer t0ken');
    expect(header(seen, 'cookie')).toBeUndefined();
    expect(kept.hops[0]?.removedHeaders).toEqual(['Cookie']);
  });

  it('gives way to an auth profile that may only be sent to the first origin', async () => {
    const own = `http://127.0.0.1:${a.port}`;
    const ex = await send(withCredentials({ credentialOrigins: { profile: 'api', origins: [own] } }), await context({ followAuthorizationHeader: true }));
    expect(header(await echoOf(ex.response.body), 'authorization')).toBeUndefined();
  });
});

describe('disableCookies', () => {
  it('neither sends the jar\'s cookies nor stores the ones a response sets', async () => {
    const cookieJar = createCookieJar();
    await send(prepared(`${a.url}/to?target=/echo`), await context({}, { cookieJar }));
    const off = await send(prepared(`${a.url}/to?target=/echo`), await context({ disableCookies: true }, { cookieJar }));
    expect(header(await echoOf(off.response.body), 'cookie')).toBeUndefined();
    expect(header(await echoOf((await send(prepared(`${a.url}/echo`), await context({}, { cookieJar }))).response.body), 'cookie')).toBe('fresh=1');
    const fresh = createCookieJar();
    await send(prepared(`${a.url}/to?target=/echo`), await context({ disableCookies: true }, { cookieJar: fresh }));
    expect(header(await echoOf((await send(prepared(`${a.url}/echo`), await context({}, { cookieJar: fresh }))).response.body), 'cookie')).toBeUndefined();
  });
});

describe('disableUrlEncoding', () => {
  it('sends the path and query as written; without it they are percent-encoded', async () => {
    const url = `${a.url}/echo/{a}|b?q=a"b<c>&r=%zz`;
    const encoded = await send(prepared(url), await context());
    expect((await echoOf(encoded.response.body)).url).toBe('/echo/%7Ba%7D|b?q=a%22b%3Cc%3E&r=%zz');
    const raw = await send(prepared(url), await context({ disableUrlEncoding: true }));
    expect((await echoOf(raw.response.body)).url).toBe('/echo/{a}|b?q=a"b<c>&r=%zz');
    expect(raw.request.url).toBe(url);
  });

  it('still encodes what cannot go on the wire at all: controls, spaces, non-ASCII', () => {
    expect(pathAsWritten('http://h:1/a b/é?x=1 2#frag')).toBe('/a%20b/%C3%A9?x=1%202');
    expect(pathAsWritten('http://h:1?x=1')).toBe('/?x=1');
  });
});

describe('insecureHTTPParser', () => {
  it('reads a head only a lenient parser accepts, as Node\'s insecureHTTPParser does; without it the response is refused', async () => {
    const strict = await send(prepared(`${malformed.url}/odd`), await context()).catch((e: unknown) => e);
    expect(strict).toBeInstanceOf(KeyholeError);
    expect((strict as KeyholeError).message).toMatch(/Invalid header value char/);
    const lenient = await send(prepared(`${malformed.url}/odd`), await context({ insecureHTTPParser: true }));
    expect(lenient.response.status).toBe(200);
    expect(lenient.response.headers).toContainEqual(['X-Odd', 'a\u0001b']);
    expect(await readBodyText(lenient.response.body)).toBe('ok');
  });

  it('gives the verdicts newman gives on the same answer, with and without the setting', async () => {
    type Run = (o: Record<string, unknown>, cb: (err: Error | null, s: { run: { executions: { response?: { code: number } }[] } }) => void) => void;
    const newman = (await import('newman')).default as unknown as { run: Run };
    const item = (insecureHTTPParser: boolean) => ({ name: String(insecureHTTPParser), request: { method: 'GET', url: `${malformed.url}/odd` }, protocolProfileBehavior: { insecureHTTPParser } });
    const summary = await new Promise<Parameters<Parameters<Run>[1]>[1]>((resolve, reject) => newman.run({
      collection: { info: { name: 'lenient', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [item(false), item(true)] },
      reporters: [],
    }, (err, s) => (err ? reject(err) : resolve(s))));
    const newmanCodes = summary.run.executions.map((x) => x.response?.code);
    const keyholeCodes = await Promise.all([false, true].map(async (on) => (await send(prepared(`${malformed.url}/odd`), await context({ insecureHTTPParser: on })).catch(() => undefined))?.response.status));
    expect(newmanCodes).toEqual([undefined, 200]);
    expect(keyholeCodes).toEqual(newmanCodes);
  }, 60_000);

  it('names the setting when even the lenient parser refuses the answer', async () => {
    const e = await send(prepared(`${malformed.url}/garbage`), await context({ insecureHTTPParser: true })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KeyholeError);
    expect((e as KeyholeError).hint).toContain('insecureHTTPParser is set and the lenient parser was used');
  });
});
