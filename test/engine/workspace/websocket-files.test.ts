import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Collection, WebSocketRequest } from '../../../shared/model';
import { loadCollection, saveCollection, saveRequest } from '../../../electron/engine/workspace';

const dir = (): string => mkdtempSync(join(tmpdir(), 'keyhole-wsfiles-'));

describe('WebSocket request files', () => {
  it('are readable YAML that starts with kind: websocket and round-trips through save and load', async () => {
    const d = dir();
    const ws = WebSocketRequest.parse({
      kind: 'websocket', name: 'Chat', url: 'wss://{{host}}/chat', id: 'ws-chat-1',
      headers: [{ key: 'X-Client', value: 'keyhole' }], subprotocols: ['chat.v2'],
      auth: { type: 'profile', profile: 'Admin' },
      messages: [{ name: 'hello', type: 'json', text: '{"op":"hello"}' }, { name: 'blob', type: 'binary', path: 'files/blob.bin' }],
      wait: { messages: 2, ms: 5000 },
    });
    const collection = Collection.parse({ name: 'Sockets', items: [{ kind: 'request', name: 'Health', url: 'https://x.test/health', id: 'http-1' }, ws] });
    await saveCollection(d, collection);
    const text = readFileSync(join(d, 'chat.request.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('kind: websocket');
    expect(text).toContain('subprotocols:\n  - chat.v2');
    expect(text).not.toMatch(/^method:|^body:/m);
    expect(readFileSync(join(d, 'health.request.yaml'), 'utf8')).not.toContain('kind:');

    const loaded = await loadCollection(d, { settleMs: 0 });
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    const [health, chat] = loaded.collection.items;
    expect(health?.kind).toBe('request');
    expect(chat).toEqual(ws);
  });

  it('load an existing HTTP request file exactly as before', async () => {
    const d = dir();
    writeFileSync(join(d, 'collection.yaml'), 'keyhole: 1\nname: Old\n');
    writeFileSync(join(d, 'get.request.yaml'), 'name: Get\nmethod: GET\nurl: https://x.test/\n');
    const loaded = await loadCollection(d, { settleMs: 0 });
    expect(loaded.collection.items[0]).toMatchObject({ kind: 'request', name: 'Get', method: 'GET', url: 'https://x.test/' });
    expect(loaded.warnings).toEqual([]);
  });

  it('report a malformed WebSocket file naming the file, line and field, and load the rest', async () => {
    const d = dir();
    writeFileSync(join(d, 'collection.yaml'), 'keyhole: 1\nname: Bad\n');
    writeFileSync(join(d, 'sock.request.yaml'), 'kind: websocket\nname: Sock\nurl: ws://x.test/\nmessages:\n  - name: m\n    type: video\n');
    writeFileSync(join(d, 'ok.request.yaml'), 'name: Ok\nmethod: GET\nurl: https://x.test/\n');
    const loaded = await loadCollection(d, { settleMs: 0 });
    expect(loaded.collection.items.map((i) => i.name)).toEqual(['Ok']);
    expect(loaded.problems[0]?.message).toMatch(/sock\.request\.yaml:6: field "messages\.0\.type"/);
  });

  it('save one WebSocket request by itself (Ctrl+S), keeping its kind', async () => {
    const d = dir();
    await saveCollection(d, Collection.parse({ name: 'S' }));
    const ws = WebSocketRequest.parse({ kind: 'websocket', name: 'Live', url: 'ws://127.0.0.1:1/live', id: 'live-1' });
    await saveRequest(d, ['Live'], ws);
    await saveRequest(d, ['Live'], { ...ws, messages: [{ name: 'ping', type: 'text', text: 'ping', enabled: true }] });
    const loaded = await loadCollection(d, { settleMs: 0 });
    expect(loaded.collection.items).toEqual([{ ...ws, messages: [{ name: 'ping', type: 'text', text: 'ping', enabled: true }] }]);
  });
});
