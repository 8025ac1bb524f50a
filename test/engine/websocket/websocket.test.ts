import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { explainExchanges, explainPolicyClose } from '../../../shared/inspector';
import { Collection, WebSocketRequest, type WebSocketRequest as WsRequest } from '../../../shared/model';
import { openSession, type Session } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { GOOD_TOKEN, startWsServer, type WsTestServer } from '../../servers/websocket';

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
const temp = (): string => mkdtempSync(join(tmpdir(), 'keyhole-ws-'));

let server: WsTestServer;
beforeAll(async () => { server = await startWsServer(); });
afterAll(async () => { await server.close(); });

function session(variables: { key: string; value: string; secret?: boolean }[] = []): Promise<Session> {
  const collection = Collection.parse({ name: 'ws', variables: [{ key: 'ws', value: server.wsUrl }, ...variables], settings: { proxy: { mode: 'none' } } });
  return openSession({ collection, secrets: noSecrets, tempDir: temp(), env: {} });
}

const ws = (over: Partial<z.input<typeof WebSocketRequest>> & { url: string }): WsRequest => WebSocketRequest.parse({ kind: 'websocket', name: 'Socket', ...over });

describe('a WebSocket request played by the session', () => {
  it('connects, sends the saved messages with variables resolved, waits for the replies and closes normally', async () => {
    const s = await session([{ key: 'who', value: 'ada' }]);
    const sent = await s.send(ws({
      url: '{{ws}}/echo',
      messages: [{ name: 'hi', type: 'text', text: 'hi {{who}}', enabled: true }, { name: 'json', type: 'json', text: '{"who":"{{who}}"}', enabled: true }, { name: 'off', type: 'text', text: 'never sent', enabled: false }],
      wait: { messages: 2 },
    }));
    expect(sent.exchange.response.status).toBe(101);
    expect(sent.exchange.request.url).toBe(`${server.wsUrl}/echo`);
    const log = sent.exchange.stream;
    expect(log?.kind).toBe('websocket');
    const frames = (log?.messages ?? []).filter((m) => m.type === 'text').map((m) => `${m.direction} ${m.data}`);
    expect(frames).toEqual(['out hi ada', 'out {"who":"ada"}', 'in hi ada', 'in {"who":"ada"}']);
    expect(log?.close).toMatchObject({ code: 1000, by: 'client' });
    expect(server.received.filter((r) => r.path === '/echo').map((r) => r.data)).toEqual(['hi ada', '{"who":"ada"}']);
    const times = (log?.messages ?? []).map((m) => m.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('offers the subprotocols, sends the headers and query API key, and records what the server chose', async () => {
    const s = await session();
    const sent = await s.send(ws({
      url: '{{ws}}/headers', subprotocols: ['chat.v1', 'chat.v2'],
      headers: [{ key: 'X-Trace', value: 't-1', enabled: true }],
      auth: { type: 'apikey', key: 'api_key', value: 'k-123456789', in: 'query' },
      wait: { messages: 1 },
    }));
    expect(sent.exchange.stream?.protocol).toBe('chat.v2');
    const hs = server.handshakes.at(-1);
    expect(hs?.url).toBe('/headers?api_key=k-123456789');
    expect(hs?.header('x-trace')).toBe('t-1');
    expect(hs?.header('sec-websocket-protocol')).toBe('chat.v1,chat.v2');
    // The key is a credential: masked in what is shown, everywhere.
    expect(JSON.stringify(sent.masked)).not.toContain('k-123456789');
  });

  it('sends binary messages from a file and logs them as base64 with their size', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 250, 255]));
    const collection = Collection.parse({ name: 'ws', variables: [{ key: 'ws', value: server.wsUrl }], settings: { proxy: { mode: 'none' } } });
    writeFileSync(join(dir, 'collection.yaml'), 'name: ws\n');
    const s = await openSession({ collection, collectionDir: dir, secrets: noSecrets, tempDir: temp(), env: {} });
    const sent = await s.send(ws({ url: '{{ws}}/echo', messages: [{ name: 'blob', type: 'binary', path: 'blob.bin' }], wait: { messages: 1 } }));
    const bins = sent.exchange.stream?.messages.filter((m) => m.type === 'binary') ?? [];
    expect(bins.map((m) => [m.direction, m.data, m.size])).toEqual([['out', 'AAEC+v8=', 5], ['in', 'AAEC+v8=', 5]]);
  });

  it('refuses to send a JSON message that is not JSON, naming the message', async () => {
    const s = await session();
    await expect(s.send(ws({ url: '{{ws}}/echo', messages: [{ name: 'broken', type: 'json', text: '{"a":' }] })))
      .rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('message "broken"') });
  });

  it('applies the auth profile to the handshake: a bearer token opens /bearer, and a wrong one is refused and explained', async () => {
    const s = await session([{ key: 'token', value: GOOD_TOKEN, secret: true }]);
    const ok = await s.send(ws({ url: '{{ws}}/bearer', auth: { type: 'bearer', token: '{{token}}' }, wait: { ms: 50 } }));
    expect(ok.exchange.response.status).toBe(101);
    expect(JSON.stringify(ok.masked)).not.toContain(GOOD_TOKEN);

    const bad = await s.send(ws({ url: '{{ws}}/bearer', auth: { type: 'bearer', token: 'expired-token-value' } }));
    expect(bad.exchange.response.status).toBe(401);
    expect(bad.exchange.stream).toBeUndefined();
    const entry = explainExchanges([bad.exchange]).entries[0];
    expect(entry?.status).toBe(401);
    expect(entry?.findings[0]?.id).toBe('credentials-rejected');

    const none = await s.send(ws({ url: '{{ws}}/bearer' }));
    expect(explainExchanges([none.exchange]).entries[0]?.findings[0]?.id).toBe('no-credentials');
  });

  it('explains a 1008 close after the handshake as a refusal, and a 403 handshake as one', async () => {
    const s = await session();
    const sent = await s.send(ws({ url: '{{ws}}/policy', wait: { ms: 2000 } }));
    expect(sent.exchange.stream?.close).toMatchObject({ code: 1008, reason: 'token required', by: 'server' });
    const entry = explainPolicyClose(sent.exchange, { code: 1008, reason: 'token required' });
    expect(entry?.status).toBe(1008);
    expect(entry?.findings[0]?.id).toBe('no-credentials');
    expect(entry?.findings[0]?.evidence[0]).toContain('closed it with 1008');

    const forbidden = await s.send(ws({ url: '{{ws}}/forbidden', auth: { type: 'bearer', token: 'a-token-with-few-scopes' } }));
    expect(forbidden.exchange.response.status).toBe(403);
    expect(explainExchanges([forbidden.exchange]).entries[0]?.findings.map((f) => f.id)).toContain('insufficient-scope');
  });

  it('keeps the handshake cookies in the environment jar and sends them on the next connection', async () => {
    const s = await session();
    const first = await s.send(ws({ url: '{{ws}}/cookie', wait: { ms: 50 } }));
    expect(first.exchange.response.headers.some(([k, v]) => k.toLowerCase() === 'set-cookie' && v.startsWith('ws_session='))).toBe(true);
    await s.send(ws({ url: '{{ws}}/echo', wait: { ms: 20 } }));
    expect(server.handshakes.at(-1)?.header('cookie')).toBe('ws_session=abc123');
  });

  it('records the server closing with its code and reason', async () => {
    const s = await session();
    const sent = await s.send(ws({ url: '{{ws}}/bye', wait: { ms: 2000 } }));
    expect(sent.exchange.stream?.close).toEqual({ code: 4001, reason: 'bye', by: 'server' });
    const closeFrame = sent.exchange.stream?.messages.find((m) => m.type === 'close');
    expect(closeFrame).toMatchObject({ direction: 'in', code: 4001, reason: 'bye' });
  });

  it('masks secret values in the frames it logs, both ways', async () => {
    const secret = 'sekret-value-0987654321';
    const s = await session([{ key: 'password', value: secret, secret: true }]);
    const sent = await s.send(ws({ url: '{{ws}}/echo', messages: [{ name: 'login', type: 'json', text: '{"password":"{{password}}"}' }], wait: { messages: 1 } }));
    expect(server.received.at(-1)?.data).toBe(`{"password":"${secret}"}`);
    expect(JSON.stringify(sent.exchange.stream)).not.toContain(secret);
    expect(JSON.stringify(sent.masked)).not.toContain(secret);
  });

  it('spills the frame log to a file past the in-memory cap and keeps every frame there', async () => {
    const s = await session();
    const big = 'x'.repeat(300);
    const sent = await s.send(ws({
      url: '{{ws}}/echo', settings: { maxBodyInMemoryBytes: 1000 },
      messages: Array.from({ length: 10 }, (_, i) => ({ name: `m${i}`, type: 'text' as const, text: `${i}:${big}` })),
      wait: { messages: 10 },
    }));
    const log = sent.exchange.stream;
    expect(log?.omitted).toBeGreaterThan(0);
    expect(log?.file).toBeDefined();
    const lines = readFileSync(log?.file ?? '', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { direction: string; data: string });
    expect(lines.filter((l) => l.direction === 'in').length).toBe(10);
    expect(lines.filter((l) => l.direction === 'out').map((l) => l.data.split(':')[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect((log?.messages.length ?? 0) + (log?.omitted ?? 0)).toBe(lines.length);
  });

  it('fails with a network error naming the host when nothing listens', async () => {
    const s = await session();
    await expect(s.send(ws({ url: 'ws://127.0.0.1:1/none' }))).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('127.0.0.1:1') });
  });
});
