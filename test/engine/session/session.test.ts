import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, Request } from '../../../shared/model';
import { startDemoServer, type DemoServer } from '../../../electron/engine/demo';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';

let clock = Date.parse('2026-11-20T09:30:00Z');
const now = () => new Date(clock);
let demo: DemoServer;
beforeAll(async () => { demo = await startDemoServer({ now }); });
afterAll(async () => { await demo.close(); });

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
const temp = () => mkdtempSync(join(tmpdir(), 'keyhole-session-'));

describe('a session over the demo server', () => {
  it('answers a Digest challenge once, reuses the nonce, and retries a stale nonce exactly once', async () => {
    const collection = Collection.parse({ name: 'd', variables: [{ key: 'base', value: demo.url }] });
    const s = await openSession({ collection, secrets: noSecrets, tempDir: temp(), now });
    const req = Request.parse({ name: 'Digest', url: '{{base}}/digest/protected', auth: { type: 'digest', username: 'demo', password: 'demo-password' } });

    const first = await s.send(req);
    expect(first.exchange.response.status).toBe(200);
    expect(first.exchange.hops.map((h) => h.status)).toEqual([401]);

    const second = await s.send(req);
    expect(second.exchange.response.status).toBe(200);
    expect(second.exchange.hops).toEqual([]);

    clock += 5 * 60_000; // the demo's nonces go stale after a minute
    const third = await s.send(req);
    expect(third.exchange.response.status).toBe(200);
    expect(third.exchange.hops.map((h) => h.status)).toEqual([401]);
    expect(third.exchange.hops[0]?.responseHeaders.some(([k, v]) => k.toLowerCase() === 'www-authenticate' && /stale=true/i.test(v))).toBe(true);
    expect(third.exchange.authLog.map((l) => l.message).join('\n')).toMatch(/stale/i);
    expect(JSON.stringify(third.masked)).not.toContain('demo-password');
  });

  it('keeps cookies between requests of one session and persists them per environment', async () => {
    const state = temp();
    const collection = Collection.parse({ name: 'c', variables: [{ key: 'base', value: demo.url }] });
    const login = Request.parse({ name: 'Login', method: 'POST', url: '{{base}}/session/login', body: { mode: 'form-urlencoded', fields: [{ key: 'username', value: 'demo' }, { key: 'password', value: 'demo-password' }] } });
    const me = Request.parse({ name: 'Me', url: '{{base}}/session/me' });
    const a = await openSession({ collection, secrets: noSecrets, tempDir: temp(), stateDir: state, now });
    expect((await a.send(me)).exchange.response.status).toBe(401);
    expect((await a.send(login)).exchange.response.status).toBe(200);
    expect((await a.send(me)).exchange.response.status).toBe(200);
    await a.close();
    const b = await openSession({ collection, secrets: noSecrets, tempDir: temp(), stateDir: state, now });
    expect((await b.send(me)).exchange.response.status).toBe(200);
  });

  it('masks every secret the request used in the exchange it hands out, but keeps the raw one for the inspector', async () => {
    const secrets: SecretStore = { ...noSecrets, get: async (_e, k) => (k === 'key' ? 'demo-api-key-0123456789' : undefined) };
    const collection = Collection.parse({ name: 'k', variables: [{ key: 'base', value: demo.url }, { key: 'key', value: '', secret: true }] });
    const s = await openSession({ collection, secrets, tempDir: temp(), now });
    const r = await s.send(Request.parse({ name: 'Key', url: '{{base}}/echo?k={{key}}', auth: { type: 'apikey', key: 'X-API-Key', value: '{{key}}' } }));
    expect(JSON.stringify(r.exchange)).toContain('demo-api-key-0123456789');
    expect(JSON.stringify(r.masked)).not.toContain('demo-api-key-0123456789');
    expect(r.masked.request.url).toContain('k=****');
  });

  it('masks a credential the auth scheme made (a JWT signed per request, sent in the query)', async () => {
    const collection = Collection.parse({ name: 'j', variables: [{ key: 'base', value: demo.url }] });
    const s = await openSession({ collection, secrets: noSecrets, tempDir: temp(), now });
    const r = await s.send(Request.parse({ name: 'Jwt', url: '{{base}}/echo', auth: { type: 'jwt', algorithm: 'HS256', secret: 'a-shared-secret-of-32-characters', in: 'query', queryParam: 'access_token' } }));
    const token = new URL(r.exchange.request.url).searchParams.get('access_token') ?? '';
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(r.masked.request.url).toBe(`${demo.url}/echo?access_token=****`);
    expect(JSON.stringify(r.masked)).not.toContain(token);
    expect(JSON.stringify(r.masked)).not.toContain(token.split('.')[2]);
  });
});

describe('cancelling one send', () => {
  it('cancels that request only; the session keeps working', async () => {
    const { startSilentServer } = await import('../../servers/silent');
    const silent = await startSilentServer();
    try {
      const collection = Collection.parse({ name: 'x', variables: [{ key: 'base', value: demo.url }] });
      const s = await openSession({ collection, secrets: noSecrets, tempDir: temp(), now });
      const ac = new AbortController();
      const pending = s.send(Request.parse({ name: 'Hang', url: `${silent.url}/` }), [], undefined, ac.signal);
      setTimeout(() => ac.abort(), 100);
      await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
      expect((await s.send(Request.parse({ name: 'Ok', url: '{{base}}/health' }))).exchange.response.status).toBe(200);
    } finally {
      await silent.close();
    }
  });
});
