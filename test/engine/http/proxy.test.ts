import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, noProxyMatches, readBodyText, send } from '../../../electron/engine/http';
import { echoHandler, startHttpServer, type HttpTestServer } from '../../servers/http';
import { startHttpsServer, type HttpsTestServer } from '../../servers/https';
import { startProxyServer, type ProxyTestServer } from '../../servers/proxy';
import { context, prepared } from './helpers';

let target: HttpTestServer;
let secureTarget: HttpsTestServer;
let open: ProxyTestServer;
let guarded: ProxyTestServer;

beforeAll(async () => {
  [target, secureTarget, open, guarded] = await Promise.all([
    startHttpServer(echoHandler),
    startHttpsServer(echoHandler),
    startProxyServer(),
    startProxyServer({ auth: { username: 'proxy-user', password: 'proxy-pass' } }),
  ]);
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([target.close(), secureTarget.close(), open.close(), guarded.close()]);
});

const targetHost = () => `127.0.0.1:${target.port}`;

describe('system proxy from the environment', () => {
  it('sends http requests through HTTP_PROXY', async () => {
    const before = open.proxied.length;
    const ex = await send(prepared(`${target.url}/via`), await context({ proxy: { mode: 'system' } }, { env: { HTTP_PROXY: open.url } }));
    expect(ex.response.status).toBe(200);
    expect(open.proxied.slice(before)).toEqual([targetHost()]);
  });

  it('sends https requests through https_proxy (lower case) with CONNECT, TLS end to end', async () => {
    const before = open.proxied.length;
    const ex = await send(prepared(`${secureTarget.url}/tunnel`), await context({ proxy: { mode: 'system' }, tls: { verify: true, caFile: secureTarget.caFile } }, { env: { https_proxy: open.url } }));
    expect(ex.response.status).toBe(200);
    expect(ex.tls?.verified).toBe(true);
    expect(open.proxied.slice(before)).toEqual([`127.0.0.1:${secureTarget.port}`]);
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    const before = open.proxied.length;
    const ex = await send(prepared(`${target.url}/direct`), await context({ proxy: { mode: 'system' } }, { env: { HTTP_PROXY: open.url, NO_PROXY: 'example.com, 127.0.0.1' } }));
    expect(ex.response.status).toBe(200);
    expect(open.proxied.length).toBe(before);
  });

  it('mode none ignores the environment', async () => {
    const before = open.proxied.length;
    await send(prepared(`${target.url}/none`), await context({ proxy: { mode: 'none' } }, { env: { HTTP_PROXY: open.url } }));
    expect(open.proxied.length).toBe(before);
  });
});

describe('custom proxy', () => {
  it('sends Proxy-Authorization from username and password', async () => {
    const ex = await send(prepared(`${target.url}/auth`), await context({ proxy: { mode: 'custom', url: guarded.url, username: 'proxy-user', password: 'proxy-pass' } }));
    expect(ex.response.status).toBe(200);
    expect(JSON.parse(await readBodyText(ex.response.body))).toMatchObject({ url: '/auth' });
    expect(guarded.proxied).toContain(targetHost());
  });

  it('accepts credentials in the proxy URL', async () => {
    const ex = await send(prepared(`${target.url}/auth-url`), await context({ proxy: { mode: 'custom', url: guarded.url.replace('http://', 'http://proxy-user:proxy-pass@') } }));
    expect(ex.response.status).toBe(200);
  });

  it('missing credentials are a proxy error naming 407, without leaking anything', async () => {
    const refusedBefore = guarded.refused;
    const err = await send(prepared(`${target.url}/noauth`), await context({ proxy: { mode: 'custom', url: guarded.url } })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'proxy', message: expect.stringContaining('407') });
    expect(guarded.refused).toBe(refusedBefore + 1);
  });

  it('wrong credentials are refused too, and the password never appears in the error', async () => {
    const err = await send(prepared(`${target.url}/bad`), await context({ proxy: { mode: 'custom', url: guarded.url, username: 'proxy-user', password: 'wrong-secret-pw' } })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'proxy' });
    expect(JSON.stringify(err)).not.toContain('wrong-secret-pw');
  });

  it('an unreachable proxy is a proxy error', async () => {
    const gone = await startProxyServer();
    const url = gone.url;
    await gone.close();
    await expect(send(prepared(`${target.url}/x`), await context({ proxy: { mode: 'custom', url } }))).rejects.toMatchObject({ code: 'proxy' });
  });
});

describe('NO_PROXY matching (as curl)', () => {
  const m = (url: string, list: string) => noProxyMatches(new URL(url), list);
  it.each([
    ['http://example.com/', 'example.com', true],
    ['http://api.example.com/', 'example.com', true],
    ['http://api.example.com/', '.example.com', true],
    ['http://api.example.com/', '*.example.com', true],
    ['http://badexample.com/', 'example.com', false],
    ['http://example.com/', '.example.com', true],
    ['http://anything.org/', '*', true],
    ['http://example.com:8080/', 'example.com:8080', true],
    ['http://example.com:8081/', 'example.com:8080', false],
    ['http://example.com/', 'example.com:80', true],
    ['https://example.com/', 'example.com:80', false],
    ['http://10.0.0.1/', 'foo.com, 10.0.0.1', true],
    ['http://[::1]:3000/', '::1', true],
    ['http://[::1]:3000/', '[::1]:3000', true],
    ['http://other.com/', '', false],
  ])('%s against %j is %s', (url, list, expected) => {
    expect(m(url, list)).toBe(expected);
  });
});
