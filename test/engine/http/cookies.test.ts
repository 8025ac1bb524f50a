import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, createCookieJar, deserializeCookieJar, readBodyText, send, serializeCookieJar } from '../../../electron/engine/http';
import { echoHandler, startHttpServer, type HttpTestServer } from '../../servers/http';
import { startHttpsServer, type HttpsTestServer } from '../../servers/https';
import { context, header, prepared, type Echo } from './helpers';

let server: HttpTestServer;
let secure: HttpsTestServer;

const setCookieHandler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const cookies = url.searchParams.getAll('c');
  if (url.pathname === '/set') {
    res.writeHead(200, { 'set-cookie': cookies });
    return res.end('set');
  }
  if (url.pathname === '/set-and-redirect') {
    res.writeHead(302, { 'set-cookie': cookies, location: '/echo' });
    return res.end();
  }
  echoHandler(req, res);
};

beforeAll(async () => {
  server = await startHttpServer(setCookieHandler);
  secure = await startHttpsServer(setCookieHandler);
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([server.close(), secure.close()]);
});

const setUrl = (base: string, ...cookies: string[]) => `${base}/set?${cookies.map((c) => `c=${encodeURIComponent(c)}`).join('&')}`;
const cookieSeen = async (ex: Awaited<ReturnType<typeof send>>) => header(JSON.parse(await readBodyText(ex.response.body)) as Echo, 'cookie');

describe('cookie jar', () => {
  it('sends cookies set by one response on the next request', async () => {
    const cookieJar = createCookieJar();
    await send(prepared(setUrl(server.url, 'a=1; Path=/', 'b=2; HttpOnly')), await context({}, { cookieJar }));
    const ex = await send(prepared(`${server.url}/echo`), await context({}, { cookieJar }));
    expect(await cookieSeen(ex)).toBe('a=1; b=2');
    expect(ex.request.headers).toContainEqual(['Cookie', 'a=1; b=2']);
  });

  it('merges the jar with a user Cookie header, the user winning on the same name', async () => {
    const cookieJar = createCookieJar();
    await send(prepared(setUrl(server.url, 'a=1', 'b=2')), await context({}, { cookieJar }));
    const ex = await send(prepared(`${server.url}/echo`, { headers: [['Cookie', 'a=mine; u=9']] }), await context({}, { cookieJar }));
    expect(await cookieSeen(ex)).toBe('a=mine; u=9; b=2');
  });

  it('stores cookies from a redirect hop and sends them on the next hop', async () => {
    const cookieJar = createCookieJar();
    const ex = await send(prepared(`${server.url}/set-and-redirect?c=hop%3D1`), await context({}, { cookieJar }));
    expect(ex.hops).toHaveLength(1);
    expect(await cookieSeen(ex)).toBe('hop=1');
  });

  it('honours Path', async () => {
    const cookieJar = createCookieJar();
    await send(prepared(setUrl(server.url, 'p=1; Path=/only')), await context({}, { cookieJar }));
    const ex = await send(prepared(`${server.url}/echo`), await context({}, { cookieJar }));
    expect(await cookieSeen(ex)).toBeUndefined();
  });

  it('does not send an expired cookie, by date or by Max-Age against the engine clock', async () => {
    const cookieJar = createCookieJar();
    const t = new Date('2030-05-01T00:00:00Z');
    await send(prepared(setUrl(server.url, 'old=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'short=1; Max-Age=60', 'long=1; Max-Age=86400')), await context({}, { cookieJar, now: () => t }));
    const soon = await send(prepared(`${server.url}/echo`), await context({}, { cookieJar, now: () => new Date(t.getTime() + 30_000) }));
    expect(await cookieSeen(soon)).toBe('short=1; long=1');
    const later = await send(prepared(`${server.url}/echo`), await context({}, { cookieJar, now: () => new Date(t.getTime() + 120_000) }));
    expect(await cookieSeen(later)).toBe('long=1');
  });

  it('does not send a Secure cookie over http, even to the same host', async () => {
    const cookieJar = createCookieJar();
    const tls = { verify: true, caFile: secure.caFile };
    await send(prepared(setUrl(secure.url, 'sec=1; Secure', 'plain=1')), await context({ tls }, { cookieJar }));
    const overHttps = await send(prepared(`${secure.url}/echo`), await context({ tls }, { cookieJar }));
    expect(await cookieSeen(overHttps)).toBe('sec=1; plain=1');
    // Cookies ignore ports (RFC 6265 §8.5): the http server on 127.0.0.1 is the same cookie host.
    const overHttp = await send(prepared(`${server.url}/echo`), await context({}, { cookieJar }));
    expect(await cookieSeen(overHttp)).toBe('plain=1');
  });

  it('refuses a cookie for another domain, with a warning', async () => {
    const cookieJar = createCookieJar();
    const ex = await send(prepared(setUrl(server.url, 'x=1; Domain=example.com')), await context({}, { cookieJar }));
    expect(ex.warnings.join(' ')).toContain('"x"');
    const next = await send(prepared(`${server.url}/echo`), await context({}, { cookieJar }));
    expect(await cookieSeen(next)).toBeUndefined();
  });

  it('round-trips through serialize/deserialize and keeps sending', async () => {
    const cookieJar = createCookieJar();
    await send(prepared(setUrl(server.url, 'a=1; Max-Age=3600; HttpOnly', 'b=2; Path=/echo; SameSite=Strict')), await context({}, { cookieJar }));
    const json = await serializeCookieJar(cookieJar);
    const restored = await deserializeCookieJar(json);
    expect(await serializeCookieJar(restored)).toBe(json);
    const ex = await send(prepared(`${server.url}/echo`), await context({}, { cookieJar: restored }));
    expect(await cookieSeen(ex)).toBe('b=2; a=1');
  });

  it('a malformed jar is file-malformed', async () => {
    await expect(deserializeCookieJar('{not json')).rejects.toMatchObject({ code: 'file-malformed' });
    await expect(deserializeCookieJar('{"cookies": 3}')).rejects.toMatchObject({ code: 'file-malformed' });
  });

  it('without a jar, nothing is stored or sent', async () => {
    await send(prepared(setUrl(server.url, 'a=1')), await context());
    const ex = await send(prepared(`${server.url}/echo`), await context());
    expect(await cookieSeen(ex)).toBeUndefined();
  });
});
