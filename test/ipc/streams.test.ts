import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge';
import { createHandlers } from '../../electron/engine/api';
import { apiOver, inProcessInvoke, type Api, type StreamProgress } from '../../shared/ipc';
import type { StreamMessage } from '../../shared/model';
import type { HttpTestServer } from '../servers/http';
import { startSseServer } from '../servers/sse';
import { startWsServer, type WsTestServer } from '../servers/websocket';

let wss: WsTestServer;
let sse: HttpTestServer;
let api: Api;
let dir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  [wss, sse] = await Promise.all([startWsServer(), startSseServer()]);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-ipc-streams-'));
  const h = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
  });
  api = apiOver(inProcessInvoke(h.handlers));
  close = h.close;
});
afterAll(async () => {
  await close();
  await Promise.all([wss.close(), sse.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** Polls as the renderer does until `done` holds, collecting every message on the way. */
async function pollUntil(id: string, done: (p: StreamProgress, all: StreamMessage[]) => boolean): Promise<{ last: StreamProgress; all: StreamMessage[] }> {
  const all: StreamMessage[] = [];
  let after = 0;
  for (let i = 0; i < 400; i++) {
    const p = await api['stream.poll']({ id, after });
    all.push(...p.messages);
    after = p.next;
    if (done(p, all)) return { last: p, all };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`stream ${id} never got there`);
}

const socket = (url: string, over: Record<string, unknown> = {}) => ({ kind: 'websocket' as const, name: 'Socket', url, settings: { proxy: { mode: 'none' as const } }, ...over });

describe('WebSockets over the IPC contract', () => {
  it('connects, shows frames as they come, sends, pings and closes', async () => {
    const opened = await api['ws.connect']({ connectionId: 'c1', request: socket(`${wss.wsUrl}/greet`, { subprotocols: ['chat.v1'] }) });
    expect(opened.state).toBe('open');
    expect(opened.handshake.exchange.response.status).toBe(101);
    await pollUntil('c1', (_p, all) => all.some((m) => m.direction === 'in' && m.data === 'hello'));
    await api['ws.send']({ connectionId: 'c1', message: { name: 'typed', type: 'json', text: '{"a":1}' } });
    await api['ws.ping']({ connectionId: 'c1', text: 'are you there' });
    const { all } = await pollUntil('c1', (_p, seen) => seen.some((m) => m.type === 'pong') && seen.some((m) => m.direction === 'in' && m.data === '{"a":1}'));
    expect(all.map((m) => m.seq)).toEqual(all.map((_m, i) => i));
    const closed = await api['ws.close']({ connectionId: 'c1', code: 4000, reason: 'done here' });
    expect(closed.close).toMatchObject({ code: 4000, by: 'client' });
    const last = await pollUntil('c1', (p) => p.state === 'closed');
    expect(last.last.protocol).toBe('chat.v1');
    await expect(api['ws.send']({ connectionId: 'c1', message: { name: 'late', type: 'text', text: 'x' } })).rejects.toMatchObject({ code: 'usage' });
  });

  it('returns a refused handshake with the inspector explanation, kept like any exchange', async () => {
    const opened = await api['ws.connect']({ connectionId: 'c2', request: socket(`${wss.wsUrl}/bearer`) });
    expect(opened.state).toBe('refused');
    expect(opened.handshake.exchange.response.status).toBe(401);
    expect(opened.handshake.explanation?.findings[0]?.id).toBe('no-credentials');
    const again = await api['inspector.explain']({ id: opened.handshake.exchange.id });
    expect(again?.status).toBe(401);
  });

  it('explains a 1008 close in the poll that reports it', async () => {
    await api['ws.connect']({ connectionId: 'c3', request: socket(`${wss.wsUrl}/policy`) });
    const { last } = await pollUntil('c3', (p) => p.state === 'closed' && p.explanation !== undefined);
    expect(last.close).toMatchObject({ code: 1008, reason: 'token required', by: 'server' });
    expect(last.explanation?.status).toBe(1008);
    expect(last.explanation?.findings[0]?.id).toBe('no-credentials');
  });

  it('refuses an invalid close code with a sentence', async () => {
    await api['ws.connect']({ connectionId: 'c4', request: socket(`${wss.wsUrl}/echo`) });
    await expect(api['ws.close']({ connectionId: 'c4', code: 1006 })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('1006') });
    await api['ws.close']({ connectionId: 'c4' });
  });
});

describe('event streams over the IPC contract', () => {
  it('shows events while request.send is still running, then the send completes with all of them', async () => {
    let settled = false;
    const sending = api['request.send']({ sendId: 's1', request: { name: 'Events', url: `${sse.url}/events?count=6&delay=60`, settings: { proxy: { mode: 'none' }, reconnectEventStream: false } } });
    void sending.then(() => { settled = true; });
    const early = await pollUntil('s1', (p) => p.state === 'streaming' && p.messages.length > 0);
    expect(settled).toBe(false);
    expect(early.last.kind).toBe('sse');
    const result = await sending;
    expect(result.exchange.stream?.messages.map((m) => m.id)).toEqual(['1', '2', '3', '4', '5', '6']);
    const end = await pollUntil('s1', (p) => p.state === 'done');
    expect(end.last.next).toBe(6);
  });

  it('stops an endless stream: the send completes with what arrived', async () => {
    const sending = api['request.send']({ sendId: 's2', request: { name: 'Forever', url: `${sse.url}/forever`, settings: { proxy: { mode: 'none' } } } });
    await pollUntil('s2', (_p, all) => all.length >= 3);
    expect(await api['stream.stop']({ id: 's2' })).toEqual({ stopped: true });
    const result = await sending;
    expect(result.exchange.stream?.messages.length).toBeGreaterThanOrEqual(3);
    expect(result.exchange.stream?.ended).toMatch(/stopped/);
  });
});

describe('an event stream the app reconnects', () => {
  it('says it is reconnecting and when, goes on with Last-Event-ID in the same log, and Stop ends the waiting', async () => {
    const before = sse.requests.length;
    const sending = api['request.send']({ sendId: 's3', request: { name: 'Events', url: `${sse.url}/events?count=2&retry=150`, settings: { proxy: { mode: 'none' } } } });
    const waiting = await pollUntil('s3', (p, all) => p.state === 'reconnecting' && all.filter((m) => m.type === 'event').length >= 4);
    expect(waiting.last.reconnectAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(waiting.all.filter((m) => m.type === 'event').map((m) => m.id).slice(0, 4)).toEqual(['1', '2', '3', '4']);
    expect(waiting.all.some((m) => m.type === 'open' && m.data === 'Reconnected (attempt 1), Last-Event-ID: 2')).toBe(true);
    expect(sse.requests.slice(before).map((r) => r.header('last-event-id')).slice(0, 2)).toEqual([undefined, '2']);
    expect(await api['stream.stop']({ id: 's3' })).toEqual({ stopped: true });
    const result = await sending;
    expect(result.exchange.response.status).toBe(200);
    expect(result.exchange.stream?.ended).toMatch(/^stopped/);
    const done = await pollUntil('s3', (p) => p.state === 'done');
    expect(done.last.reconnectAt).toBeUndefined();
  });

  it('does not reconnect when the collection turns it off', async () => {
    const created = await api['collection.create']({ name: 'No reconnect' });
    const wc = (await api['workspace.get']({})).collections.find((c) => c.id === created.id);
    await api['collection.save']({ id: created.id, collection: { ...wc!.collection, settings: { proxy: { mode: 'none' }, reconnectEventStream: false } } });
    const before = sse.requests.length;
    const result = await api['request.send']({ sendId: 's4', collectionId: created.id, request: { name: 'Events', url: `${sse.url}/events?count=2&retry=10` } });
    expect(result.exchange.stream?.messages.map((m) => m.id)).toEqual(['1', '2']);
    expect(sse.requests.length - before).toBe(1);
  });
});

describe('WebSocket requests in a collection over the IPC contract', () => {
  it('save and load with their kind, subprotocols and saved messages', async () => {
    const created = await api['collection.create']({ name: 'Sockets' });
    const request = { ...socket(`${wss.wsUrl}/echo`, { subprotocols: ['chat.v2'], messages: [{ name: 'hi', type: 'text', text: 'hi' }] }), id: 'sock-1' };
    await api['request.save']({ collectionId: created.id, path: ['Socket'], request });
    const ws = await api['workspace.get']({});
    const item = ws.collections.find((c) => c.id === created.id)?.collection.items[0];
    expect(item).toMatchObject({ kind: 'websocket', name: 'Socket', subprotocols: ['chat.v2'], messages: [{ name: 'hi', type: 'text', text: 'hi', enabled: true }] });
  });
});
