import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/bridge';
import { createHandlers } from '../../../electron/engine/api';
import { HISTORY_FILE } from '../../../electron/engine/history';
import { apiOver, inProcessInvoke, type Api, type StreamProgress, type WsConnectInput } from '../../../shared/ipc';
import { isWebSocketRequest } from '../../../shared/model';
import { startWsServer, type WsTestServer } from '../../servers/websocket';

const API_TOKEN = 'ws-api-token-secret-81d2c4';
const LITERAL = 'literal-bearer-value-6b0e9a';

let dir: string;
let server: WsTestServer;
let api: Api;
let close: () => Promise<void>;
let collectionId: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-ws-history-'));
  server = await startWsServer();
  const h = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: join(dir, 'tmp'), stateDir: join(dir, 'state'),
  });
  api = apiOver(inProcessInvoke(h.handlers));
  close = h.close;
  collectionId = (await api['collection.create']({ name: 'Sockets' })).id;
  await api['environment.save']({ collectionId, environment: {
    name: 'local',
    variables: [{ key: 'ws', value: server.wsUrl, secret: false, enabled: true }, { key: 'apiToken', value: API_TOKEN, secret: true, enabled: true }],
    profiles: {},
  } });
});

afterAll(async () => {
  await close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function pollUntilClosed(id: string): Promise<StreamProgress> {
  let after = 0;
  for (let i = 0; i < 500; i++) {
    const p = await api['stream.poll']({ id, after });
    after = p.next;
    if (p.state === 'closed') return p;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`connection ${id} never closed`);
}

const connect = (connectionId: string, request: WsConnectInput['request']) =>
  api['ws.connect']({ connectionId, request, collectionId, environment: 'local' });

describe('WebSocket connections in the history', () => {
  it('records the handshake as sent (masked), the subprotocol, the frames both ways, the close and the duration', async () => {
    const opened = await connect('h1', {
      kind: 'websocket', name: 'Counter', url: '{{ws}}/count?n=80', subprotocols: ['chat.v2'],
      headers: [{ key: 'X-Api-Key', value: '{{apiToken}}', enabled: true }, { key: 'Authorization', value: `Bearer ${LITERAL}`, enabled: true }, { key: 'X-Trace', value: 'trace-7', enabled: true }],
      messages: [{ name: 'hello', type: 'text', text: 'hello there', enabled: true }],
      settings: { proxy: { mode: 'none' } },
    });
    expect(opened.state).toBe('open');
    await api['ws.send']({ connectionId: 'h1', message: { name: 'hello', type: 'text', text: 'hello there' } });
    await api['ws.send']({ connectionId: 'h1', message: { name: 'typed', type: 'json', text: '{"token":"{{apiToken}}"}' } });
    await new Promise((r) => setTimeout(r, 50));
    await api['ws.close']({ connectionId: 'h1', code: 4000, reason: 'enough' });
    await pollUntilClosed('h1');

    const [item] = await api['history.list']({});
    expect(item).toMatchObject({ websocket: true, status: 101, method: 'GET', url: `${server.wsUrl}/count?n=80`, name: 'Counter', frames: { sent: 2, received: 80 } });
    const entry = await api['history.get']({ id: item?.id ?? '' });
    expect(entry.sent.url).toBe(`${server.wsUrl}/count?n=80`);
    const header = (name: string) => entry.sent.headers.find(([k]) => k.toLowerCase() === name)?.[1];
    expect(header('x-trace')).toBe('trace-7');
    expect(header('x-api-key')).not.toContain(API_TOKEN);
    expect(header('authorization')).not.toContain(LITERAL);
    expect(header('sec-websocket-protocol')).toBe('chat.v2');
    const c = entry.connection;
    expect(c?.protocol).toBe('chat.v2');
    expect(c?.close).toEqual({ code: 4000, reason: 'enough', by: 'client' });
    expect(c?.sent.map((f) => f.data)).toEqual(['hello there', expect.stringMatching(/^\{"token":"[^"]+"\}$/)]);
    expect(c?.sent[1]?.data).not.toContain(API_TOKEN);
    expect(c?.receivedCount).toBe(80);
    expect(c?.received).toHaveLength(50);
    expect(c?.received.slice(0, 2).map((f) => f.data)).toEqual(['{"n":1}', '{"n":2}']);
    expect(entry.totalMs).toBe(c?.durationMs);

    // Re-opened, it is the WebSocket request as composed, with the typed message kept (disabled) after the saved one.
    const composed = entry.composed;
    expect(isWebSocketRequest(composed)).toBe(true);
    if (!isWebSocketRequest(composed)) return;
    expect(composed.url).toBe('{{ws}}/count?n=80');
    expect(composed.subprotocols).toEqual(['chat.v2']);
    expect(composed.headers.find((h) => h.key === 'X-Api-Key')?.value).toBe('{{apiToken}}');
    expect(composed.messages.map((m) => [m.name, m.text, m.enabled])).toEqual([['hello', 'hello there', true], ['sent 1', '{"token":"{{apiToken}}"}', false]]);
    expect(entry.omitted).toContain('header Authorization');

    const file = await readFile(join(dir, 'state', HISTORY_FILE), 'utf8');
    expect(file).not.toContain(API_TOKEN);
    expect(file).not.toContain(LITERAL);
  });

  it('records a refused handshake with its status and no connection, and a connection that could not be made with its error', async () => {
    const refused = await connect('h2', { kind: 'websocket', name: 'Guarded', url: '{{ws}}/bearer', settings: { proxy: { mode: 'none' } } });
    expect(refused.state).toBe('refused');
    const [item] = await api['history.list']({});
    expect(item).toMatchObject({ websocket: true, status: 401, name: 'Guarded' });
    expect(item?.frames).toBeUndefined();
    expect((await api['history.get']({ id: item?.id ?? '' })).connection).toBeUndefined();

    await expect(connect('h3', { kind: 'websocket', name: 'Nowhere', url: 'ws://127.0.0.1:1/x', settings: { proxy: { mode: 'none' }, connectTimeoutMs: 2000 } })).rejects.toMatchObject({ code: 'network' });
    const [failed] = await api['history.list']({});
    expect(failed).toMatchObject({ websocket: true, status: 0, errorCode: 'network', name: 'Nowhere' });
    expect((await api['history.list']({ query: 'websocket guarded' })).map((h) => h.name)).toEqual(['Guarded']);
  });

  it('records a connection the server closed, without any message sent', async () => {
    await connect('h4', { kind: 'websocket', name: 'Bye', url: '{{ws}}/bye', settings: { proxy: { mode: 'none' } } });
    await pollUntilClosed('h4');
    const [item] = await api['history.list']({});
    const entry = await api['history.get']({ id: item?.id ?? '' });
    expect(entry.connection).toMatchObject({ sentCount: 0, receivedCount: 0, close: { code: 4001, reason: 'bye', by: 'server' } });
  });
});
