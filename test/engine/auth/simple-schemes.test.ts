import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAuth, cleanToken } from '../../../electron/engine/auth';
import { startHttpServer, type HttpTestServer } from '../../servers/http';
import { makeCtx, prepared } from './helpers';

/** A server that admits exactly the credentials these tests configure, each checked its own way. */
let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const h = req.headers;
    const ok =
      (u.pathname === '/basic' && h.authorization === `Basic ${Buffer.from('alice:p\u00e4ss w:rd', 'utf8').toString('base64')}`)
      || (u.pathname === '/basic-latin1' && h.authorization === `Basic ${Buffer.from('alice:p\u00e4ss', 'latin1').toString('base64')}`)
      || (u.pathname === '/bearer' && h.authorization === 'Bearer eyJhbGciOi.payload.sig')
      || (u.pathname === '/token' && h.authorization === 'Token abc123')
      || (u.pathname === '/header' && h['x-api-key'] === 'Key k-123456789')
      || (u.pathname === '/query' && u.searchParams.get('api_key') === 'k+1/2=3' && u.searchParams.get('page') === '2')
      || (u.pathname === '/cookie' && h.cookie === 'theme=dark; session=k-123456789');
    res.writeHead(ok ? 200 : 401).end();
  });
});
afterAll(async () => { await server.close(); });

async function status(auth: Parameters<typeof applyAuth>[0], path: string, init: Parameters<typeof prepared>[1] = {}) {
  const ctx = makeCtx();
  const req = await applyAuth(auth, prepared(`${server.url}${path}`, init), ctx);
  return { status: (await ctx.send(req)).response.status, req, logs: ctx.logs.join('\n') };
}

describe('Basic, Bearer and API key against a server that checks them', () => {
  it('Basic, UTF-8 by default (a colon in the password is fine)', async () => {
    const r = await status({ type: 'basic', username: 'alice', password: 'p\u00e4ss w:rd', charset: 'utf-8' }, '/basic');
    expect(r.status).toBe(200);
    expect(r.req.credentialHeaders).toEqual(['Authorization']);
    expect(r.logs).not.toContain('p\u00e4ss w:rd');
  });

  it('Basic, latin1 when asked', async () => {
    expect((await status({ type: 'basic', username: 'alice', password: 'p\u00e4ss', charset: 'latin1' }, '/basic-latin1')).status).toBe(200);
  });

  it('Bearer strips a pasted "Bearer ", quotes and whitespace, and says so', async () => {
    const r = await status({ type: 'bearer', token: '  "Bearer eyJhbGciOi.payload.sig"\n', prefix: 'Bearer' }, '/bearer');
    expect(r.status).toBe(200);
    expect(r.logs).toMatch(/Removed surrounding whitespace and surrounding quotes and a leading "Bearer "/);
    expect(r.logs).not.toContain('eyJhbGciOi.payload.sig');
  });

  it('Bearer with a custom prefix', async () => {
    expect((await status({ type: 'bearer', token: 'abc123', prefix: 'Token' }, '/token')).status).toBe(200);
    expect(cleanToken('Token abc', 'Token').token).toBe('abc');
  });

  it('API key in a header with a prefix', async () => {
    const r = await status({ type: 'apikey', key: 'X-API-Key', value: 'k-123456789', in: 'header', prefix: 'Key' }, '/header');
    expect(r.status).toBe(200);
    expect(r.req.credentialHeaders).toEqual(['X-API-Key']);
  });

  it('API key in the query, encoded, other params untouched', async () => {
    const r = await status({ type: 'apikey', key: 'api_key', value: 'k+1/2=3', in: 'query' }, '/query?page=2');
    expect(r.status).toBe(200);
    expect(r.req.credentialQuery).toEqual(['api_key']);
  });

  it('API key in a cookie, merged into the Cookie header', async () => {
    const r = await status({ type: 'apikey', key: 'session', value: 'k-123456789', in: 'cookie' }, '/cookie', { headers: [['Cookie', 'theme=dark']] });
    expect(r.status).toBe(200);
    expect(r.req.credentialHeaders).toEqual(['Cookie']);
  });
});
