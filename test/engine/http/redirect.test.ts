import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, readBodyText, send } from '../../../electron/engine/http';
import { hostAllowed } from '../../../electron/engine/http/redirect';
import { echoHandler, startHttpServer, type HttpTestServer } from '../../servers/http';
import { context, header, prepared, tempDir, type Echo } from './helpers';

let a: HttpTestServer;
let b: HttpTestServer;

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location, 'content-type': 'text/plain' });
  res.end(`see ${location}`);
}

beforeAll(async () => {
  b = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/back-to-a') return redirect(res, 302, `${a.url}/echo${url.search}`);
    echoHandler(req, res);
  });
  a = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (chain) {
      const n = Number(chain[1]);
      return n === 0 ? echoHandler(req, res) : redirect(res, 302, `/chain/${n - 1}`);
    }
    const byStatus = /^\/status\/(\d+)$/.exec(url.pathname);
    if (byStatus) {
      // Drain the request body before answering, as real servers do.
      req.resume();
      req.on('end', () => redirect(res, Number(byStatus[1]), '/echo'));
      return;
    }
    if (url.pathname === '/loop') return redirect(res, 302, '/loop');
    // Echoes the query to B, so a credential in the query would travel unless removed.
    if (url.pathname === '/to-b') return redirect(res, 302, `${b.url}${url.searchParams.get('next') ?? '/echo'}?${url.searchParams.toString()}`);
    if (url.pathname === '/same') return redirect(res, 302, `${a.url}/echo`);
    if (url.pathname === '/to') return redirect(res, 302, url.searchParams.get('target') ?? '/');
    echoHandler(req, res);
  });
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([a.close(), b.close()]);
});

const json = async (body: Parameters<typeof readBodyText>[0]) => JSON.parse(await readBodyText(body)) as Echo;

describe('redirects', () => {
  it('follows a chain and records every hop with its start time', async () => {
    const ex = await send(prepared(`${a.url}/chain/3`), await context());
    expect(ex.response.status).toBe(200);
    expect(ex.hops.map((h) => [h.status, h.request.url, h.location])).toEqual([
      [302, `${a.url}/chain/3`, '/chain/2'],
      [302, `${a.url}/chain/2`, '/chain/1'],
      [302, `${a.url}/chain/1`, '/chain/0'],
    ]);
    for (const h of ex.hops) expect(Number.isNaN(Date.parse(h.startedAt))).toBe(false);
    expect(ex.request.url).toBe(`${a.url}/chain/0`);
  });

  it('does not follow when followRedirects is off', async () => {
    const ex = await send(prepared(`${a.url}/chain/2`), await context({ followRedirects: false }));
    expect(ex.response.status).toBe(302);
    expect(ex.hops).toEqual([]);
    expect(await readBodyText(ex.response.body)).toBe('see /chain/1');
  });

  it('exceeding maxRedirects is redirect-limit naming the limit', async () => {
    const before = a.requests.length;
    const err = await send(prepared(`${a.url}/loop`), await context({ maxRedirects: 3 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'redirect-limit', message: expect.stringContaining('3') });
    expect(a.requests.length - before).toBe(4);
  });

  it('303 turns POST into GET and drops the body and its headers', async () => {
    const ex = await send(prepared(`${a.url}/status/303`, { method: 'POST', headers: [['X-Keep', '1']], body: { kind: 'bytes', data: new TextEncoder().encode('payload'), contentType: 'text/plain' } }), await context());
    const got = await json(ex.response.body);
    expect(got.method).toBe('GET');
    expect(got.bodySize).toBe(0);
    expect(header(got, 'content-type')).toBeUndefined();
    expect(header(got, 'content-length')).toBeUndefined();
    expect(header(got, 'x-keep')).toBe('1');
    expect(ex.hops[0]?.request.method).toBe('POST');
  });

  it('303 keeps HEAD', async () => {
    const ex = await send(prepared(`${a.url}/status/303`, { method: 'HEAD' }), await context());
    expect(ex.request.method).toBe('HEAD');
  });

  it.each([301, 302])('%i turns POST into GET but keeps PUT', async (status) => {
    const post = await send(prepared(`${a.url}/status/${status}`, { method: 'POST', body: { kind: 'bytes', data: new Uint8Array([1]) } }), await context());
    expect((await json(post.response.body)).method).toBe('GET');
    const put = await send(prepared(`${a.url}/status/${status}`, { method: 'PUT', body: { kind: 'bytes', data: new Uint8Array([1, 2]) } }), await context());
    const got = await json(put.response.body);
    expect(got.method).toBe('PUT');
    expect(got.bodySize).toBe(2);
  });

  it.each([307, 308])('%i keeps the method and re-sends a streamed file body', async (status) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'body.txt'), 'file body content');
    const ex = await send(prepared(`${a.url}/status/${status}`, { method: 'POST', baseDir: dir, body: { kind: 'file', path: 'body.txt', contentType: 'text/plain' } }), await context());
    const got = await json(ex.response.body);
    expect(got.method).toBe('POST');
    expect(Buffer.from(got.bodyBase64, 'base64').toString()).toBe('file body content');
    expect(header(got, 'content-type')).toBe('text/plain');
  });

  it.each(['file:///etc/passwd', 'data:text/plain,hi', 'javascript:alert(1)'])('refuses a redirect to %s', async (target) => {
    await expect(send(prepared(`${a.url}/to?target=${encodeURIComponent(target)}`), await context())).rejects.toMatchObject({ code: 'redirect-refused' });
  });
});

describe('credentials across origins', () => {
  const withCredentials = (path: string) => prepared(`${a.url}${path}`, {
    headers: [['Authorization', 'Bearer secret-token'], ['Cookie', 'sid=abc'], ['X-Api-Key', 'k-123'], ['X-Plain', 'stays']],
    credentialHeaders: ['Authorization', 'X-Api-Key'],
    credentialQuery: ['api_key'],
  });

  it('keeps them on a same-origin redirect', async () => {
    const ex = await send(withCredentials('/same'), await context());
    const got = await json(ex.response.body);
    expect(header(got, 'authorization')).toBe('Bearer secret-token');
    expect(ex.hops[0]?.removedHeaders).toEqual([]);
  });

  it('removes Authorization, Cookie, credential headers and query parameters on a change of port, and says so', async () => {
    const ex = await send(withCredentials('/to-b?api_key=q-secret&page=2'), await context());
    const got = await json(ex.response.body);
    expect(ex.request.url.startsWith(b.url)).toBe(true);
    expect(header(got, 'authorization')).toBeUndefined();
    expect(header(got, 'cookie')).toBeUndefined();
    expect(header(got, 'x-api-key')).toBeUndefined();
    expect(header(got, 'x-plain')).toBe('stays');
    expect(got.url).not.toContain('api_key');
    expect(got.url).toContain('page=2');
    expect(ex.hops[0]?.removedHeaders).toEqual(['Authorization', 'Cookie', 'X-Api-Key', '?api_key']);
    expect(ex.hops[0]?.removedReason).toContain(b.url);
    expect(b.requests.at(-1)?.header('authorization')).toBeUndefined();
  });

  it('does not restore them when the chain comes back (A -> B -> A)', async () => {
    const ex = await send(withCredentials('/to-b?next=/back-to-a'), await context());
    expect(ex.request.url.startsWith(a.url)).toBe(true);
    expect(ex.hops).toHaveLength(2);
    const got = await json(ex.response.body);
    expect(header(got, 'authorization')).toBeUndefined();
    expect(header(got, 'x-api-key')).toBeUndefined();
    expect(header(got, 'cookie')).toBeUndefined();
  });

  it('forwards them to hosts listed in forwardCredentialsTo', async () => {
    const ex = await send(withCredentials('/to-b?api_key=q'), await context({ forwardCredentialsTo: ['127.0.0.1'] }));
    const got = await json(ex.response.body);
    expect(header(got, 'authorization')).toBe('Bearer secret-token');
    expect(got.url).toContain('api_key=q');
    expect(ex.hops[0]?.removedHeaders).toEqual([]);
  });

  it('host patterns: exact names and *.suffix', () => {
    expect(hostAllowed('api.example.com', ['api.example.com'])).toBe(true);
    expect(hostAllowed('API.example.com', ['*.example.com'])).toBe(true);
    expect(hostAllowed('example.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('evil-example.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('example.com.evil.net', ['example.com'])).toBe(false);
    expect(hostAllowed('anything', [])).toBe(false);
  });
});
