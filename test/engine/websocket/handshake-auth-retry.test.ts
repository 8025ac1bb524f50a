import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, WebSocketRequest } from '../../../shared/model';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { startHttpServer, sendJson, type HttpTestServer } from '../../servers/http';
import { startWsServer, type WsTestServer } from '../../servers/websocket';

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
const temp = (): string => mkdtempSync(join(tmpdir(), 'keyhole-ws-auth-'));

const PASSWORD = 'digest-pass-5f1c9e';
const CLIENT_SECRET = 'ws-client-secret-0a8e3d1b';

/** Tokens the token server issued and has not revoked: the WebSocket server accepts only these. */
const live = new Set<string>();
let issued = 0;
let server: WsTestServer;
let tokens: HttpTestServer;

beforeAll(async () => {
  server = await startWsServer({ digest: { users: { ada: PASSWORD }, algorithms: ['SHA-256'] }, acceptsToken: (t) => live.has(t) });
  tokens = await startHttpServer((req, res) => {
    issued += 1;
    const token = `ws-access-token-${issued}-7d2f`;
    live.add(token);
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
  });
});
afterAll(async () => { await Promise.all([server.close(), tokens.close()]); });

function session() {
  const collection = Collection.parse({
    name: 'ws auth', settings: { proxy: { mode: 'none' } },
    variables: [{ key: 'ws', value: server.wsUrl }, { key: 'password', value: PASSWORD, secret: true }, { key: 'clientSecret', value: CLIENT_SECRET, secret: true }],
  });
  return openSession({ collection, secrets: noSecrets, tempDir: temp(), env: {} });
}

const socket = (url: string, auth: unknown) => WebSocketRequest.parse({
  kind: 'websocket', name: 'Guarded', url, auth, messages: [{ name: 'ping', text: 'are you there' }], wait: { messages: 1 },
});

describe('a WebSocket handshake refused with 401 and answered by the auth scheme', () => {
  it('Digest: the 401 challenge is answered and the upgrade goes through; the refused attempt is kept as a hop', async () => {
    const s = await session();
    const before = server.handshakes.length;
    const sent = await s.send(socket('{{ws}}/digest', { type: 'digest', username: 'ada', password: '{{password}}' }));
    expect(server.handshakes.length - before).toBe(2);
    expect(server.handshakes[before]?.header('authorization')).toBeUndefined();
    expect(server.handshakes[before + 1]?.header('authorization')).toMatch(/^Digest username="ada", realm="keyhole@test"/);
    expect(sent.exchange.response.status).toBe(101);
    expect(sent.exchange.hops.map((h) => [h.status, h.authRoundTrip])).toEqual([[401, true]]);
    const frames = sent.exchange.stream?.messages.filter((m) => m.type === 'text').map((m) => `${m.direction} ${m.data}`);
    expect(frames).toEqual(['out are you there', 'in are you there']);
    expect(sent.exchange.stream?.close).toMatchObject({ code: 1000, by: 'client' });
    expect(JSON.stringify(sent.masked)).not.toContain(PASSWORD);
  });

  it('Digest with a wrong password: one retry only, the second 401 is the answer', async () => {
    const s = await session();
    const before = server.handshakes.length;
    const sent = await s.send(socket('{{ws}}/digest', { type: 'digest', username: 'ada', password: 'not-the-password' }));
    expect(server.handshakes.length - before).toBe(2);
    expect(sent.exchange.response.status).toBe(401);
    expect(sent.exchange.stream).toBeUndefined();
  });

  it('OAuth 2.0: a token the API revoked gets a 401 invalid_token; a new token is fetched and the handshake retried once', async () => {
    const s = await session();
    const auth = { type: 'oauth2', grant: 'client_credentials', tokenUrl: `${tokens.url}/token`, clientId: 'ws-client', clientSecret: '{{clientSecret}}' };
    const first = await s.send(socket('{{ws}}/oauth', auth));
    expect(first.exchange.response.status).toBe(101);
    const firstToken = /^Bearer (.+)$/.exec(server.handshakes.at(-1)?.header('authorization') ?? '')?.[1] ?? '';
    expect(live.has(firstToken)).toBe(true);

    live.delete(firstToken);
    const issuedBefore = issued;
    const before = server.handshakes.length;
    const again = await s.send(socket('{{ws}}/oauth', auth));
    expect(issued - issuedBefore).toBe(1);
    expect(server.handshakes.length - before).toBe(2);
    expect(server.handshakes[before]?.header('authorization')).toBe(`Bearer ${firstToken}`);
    const secondToken = /^Bearer (.+)$/.exec(server.handshakes[before + 1]?.header('authorization') ?? '')?.[1];
    expect(secondToken).not.toBe(firstToken);
    expect(again.exchange.response.status).toBe(101);
    expect(again.exchange.hops.map((h) => [h.status, h.authRoundTrip])).toEqual([[401, true]]);
    expect(again.exchange.stream?.messages.filter((m) => m.direction === 'in' && m.type === 'text').map((m) => m.data)).toEqual(['are you there']);
    expect(again.exchange.authLog.map((l) => l.message).join('\n')).toContain('401 invalid_token: getting a new access token and retrying once');
    const shown = JSON.stringify(again.masked);
    expect(shown).not.toContain(firstToken);
    expect(shown).not.toContain(secondToken);
  });
});
