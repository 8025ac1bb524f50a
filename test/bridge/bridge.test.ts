import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb } from '../../electron/bridge';
import type { Bridge } from '../../electron/bridge';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** node:http, not fetch: fetch refuses to set Host, and the refusals of a forged Host are the point. */
function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

let dir: string;
let bridge: Bridge;
let own: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-bridge-'));
  const staticDir = join(dir, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Keyhole</title>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the build folder');
  bridge = await startWeb({ workspaceRoot: join(dir, 'ws'), staticDir });
  own = { host: `127.0.0.1:${bridge.port}`, 'content-type': 'application/json', 'x-keyhole-token': bridge.token };
});
afterAll(async () => {
  await bridge.close();
  await rm(dir, { recursive: true, force: true });
});

describe('bridge: who may talk to it', () => {
  it('binds to 127.0.0.1 and carries the token in the URL fragment, never the query', () => {
    expect(bridge.origin).toBe(`http://127.0.0.1:${bridge.port}`);
    const url = new URL(bridge.url);
    expect(url.search).toBe('');
    expect(url.hash).toBe(`#token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers the contract with the token from its own origin', async () => {
    const a = await call(bridge.port, '/api/app.info', { method: 'POST', headers: { ...own, origin: bridge.origin }, body: '{}' });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ ok: true, value: { host: 'browser', secretStorage: { osEncrypted: false } } });
  });

  it('refuses API calls without the token, with a wrong one, or with it in the query string (401)', async () => {
    const { 'x-keyhole-token': _t, ...noToken } = own;
    expect((await call(bridge.port, '/api/app.info', { method: 'POST', headers: noToken, body: '{}' })).status).toBe(401);
    expect((await call(bridge.port, '/api/app.info', { method: 'POST', headers: { ...own, 'x-keyhole-token': `${bridge.token.slice(0, -1)}x` }, body: '{}' })).status).toBe(401);
    expect((await call(bridge.port, `/api/app.info?token=${bridge.token}`, { method: 'POST', headers: noToken, body: '{}' })).status).toBe(401);
  });

  it('refuses a Host that is not this bridge (DNS rebinding), even with the token (403)', async () => {
    for (const host of [`evil.example:${bridge.port}`, 'evil.example', `127.0.0.1:${bridge.port + 1}`, `127.0.0.1.nip.io:${bridge.port}`]) {
      expect((await call(bridge.port, '/api/app.info', { method: 'POST', headers: { ...own, host }, body: '{}' })).status).toBe(403);
      expect((await call(bridge.port, '/', { headers: { host } })).status).toBe(403);
    }
  });

  it('refuses cross-origin and cross-site requests (403)', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${bridge.port + 1}`, 'null', `https://127.0.0.1:${bridge.port}`]) {
      expect((await call(bridge.port, '/api/app.info', { method: 'POST', headers: { ...own, origin }, body: '{}' })).status).toBe(403);
    }
    expect((await call(bridge.port, '/api/app.info', { method: 'POST', headers: { ...own, 'sec-fetch-site': 'cross-site' }, body: '{}' })).status).toBe(403);
    expect((await call(bridge.port, '/', { headers: { host: own.host ?? '', 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });

  it('never sends Access-Control-Allow-Origin, and answers no CORS preflight', async () => {
    const pre = await call(bridge.port, '/api/app.info', { method: 'OPTIONS', headers: { host: own.host ?? '', origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(403);
    const okCall = await call(bridge.port, '/api/app.info', { method: 'POST', headers: own, body: '{}' });
    const page = await call(bridge.port, '/', { headers: { host: own.host ?? '' } });
    for (const a of [pre, okCall, page]) expect(a.headers['access-control-allow-origin']).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves only files of the built renderer: no traversal, no other files', async () => {
    const host = { host: own.host ?? '' };
    expect((await call(bridge.port, '/', { headers: host })).body).toContain('<title>Keyhole</title>');
    expect((await call(bridge.port, '/assets/app.js', { headers: host })).status).toBe(200);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00', '/etc/passwd']) {
      const a = await call(bridge.port, path, { headers: host });
      expect(a.status, path).toBe(404);
      expect(a.body).not.toContain('outside the build folder');
    }
  });

  it('validates every argument against the contract and refuses what does not parse', async () => {
    const bad = await call(bridge.port, '/api/exchange.body', { method: 'POST', headers: own, body: JSON.stringify({ id: 'x', length: -1 }) });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await call(bridge.port, '/api/fs.read', { method: 'POST', headers: own, body: JSON.stringify({ path: '/etc/passwd' }) });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const notJson = await call(bridge.port, '/api/app.info', { method: 'POST', headers: { ...own, 'content-type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);
  });

  it('has no channel that reads a file by path: a collection id that is a path is refused', async () => {
    const a = await call(bridge.port, '/api/collection.delete', { method: 'POST', headers: own, body: JSON.stringify({ id: '../secret.txt' }) });
    expect(JSON.parse(a.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const b = await call(bridge.port, '/api/file.pick', { method: 'POST', headers: own, body: '{}' });
    expect(JSON.parse(b.body)).toMatchObject({ ok: false, error: { code: 'usage' } });
  });
});
