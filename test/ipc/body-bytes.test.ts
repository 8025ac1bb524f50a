import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { BYTES_META_HEADER, INLINE_RESULT_MAX, type ShownResult } from '../../shared/ipc';
import { apiOverServer, type ApiOverServer } from './api-harness';

// A Send's large body stays in the engine ('held') and comes back as bytes a window at a time:
// over the in-process transport (tests, CLI) and over the browser bridge (octet-stream), the
// windows are the body's own bytes at any offset, and errors stay envelopes.

/** Bytes that differ at every offset (and are not UTF-8), so a window off by one cannot pass. */
function bodyOf(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7 + (i >> 8)) & 0xff;
  return b;
}

const bodies: Record<string, Buffer> = {
  '/small': bodyOf(1000),
  '/held': bodyOf(INLINE_RESULT_MAX + 12_345), // in memory (under the 10 MB cap), past the inline limit
  '/file': bodyOf(11 * 1024 * 1024 + 7), // past maxBodyInMemoryBytes: streamed to a file
};
const listener = (q: { url?: string | undefined }, res: import('node:http').ServerResponse): void => {
  const body = bodies[q.url ?? ''] ?? Buffer.alloc(0);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  res.end(body);
};
const windows: [number, number][] = [[0, 1], [1, 5], [2, 3], [3, 65_536], [INLINE_RESULT_MAX - 1, 10], [INLINE_RESULT_MAX + 12_340, 100]];

describe('exchange.bodyBytes in process', () => {
  let h: ApiOverServer;
  beforeAll(async () => { h = await apiOverServer('keyhole-body-bytes-', listener); });
  afterAll(async () => { await h.close(); });

  const send = (path: string): Promise<ShownResult> => h.api['request.send']({ sendId: crypto.randomUUID(), request: { name: path, url: h.base + path } });

  it('keeps a small body inline and holds a large one, saying its size', async () => {
    const small = await send('/small');
    expect(small.exchange.response.body).toEqual({ storage: 'inline', base64: bodies['/small']?.toString('base64') });
    const held = await send('/held');
    expect(held.exchange.response.body).toEqual({ storage: 'held', size: bodies['/held']?.length });
    // exchange.get answers the same result, still without the body.
    expect((await h.api['exchange.get']({ id: held.exchange.id })).exchange.response.body.storage).toBe('held');
  });

  it.each(['/held', '/file', '/small'])('%s: every window is the body\'s own bytes', async (path) => {
    const body = bodies[path] as Buffer;
    const { exchange } = await send(path);
    for (const [offset, length] of windows.filter(([o]) => o < body.length)) {
      const w = await h.api['exchange.bodyBytes']({ id: exchange.id, offset, length });
      expect(w.bytes).toBeInstanceOf(Uint8Array);
      expect([w.offset, w.size]).toEqual([offset, body.length]);
      expect(Buffer.from(w.bytes).equals(body.subarray(offset, offset + length)), `${path} at ${offset}+${length}`).toBe(true);
    }
    // Read to the end in 8 MB windows, as the app does: the whole body, nothing more.
    const parts: Uint8Array[] = [];
    for (let offset = 0; offset < body.length;) {
      const w = await h.api['exchange.bodyBytes']({ id: exchange.id, offset, length: 8 * 1024 * 1024 });
      parts.push(w.bytes);
      offset += w.bytes.length;
    }
    expect(Buffer.concat(parts).equals(body)).toBe(true);
    expect((await h.api['exchange.bodyBytes']({ id: exchange.id, offset: body.length, length: 10 })).bytes.length).toBe(0);
  }, 30_000);
});

describe('exchange.bodyBytes over the browser bridge', () => {
  let dir: string;
  let bridge: Bridge;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyhole-bridge-bytes-'));
    await mkdir(join(dir, 'renderer'), { recursive: true });
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Keyhole</title>');
    server = createServer(listener);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    bridge = await startWeb({ workspaceRoot: join(dir, 'ws'), staticDir: join(dir, 'renderer') });
  });
  afterAll(async () => {
    await bridge.close();
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });
  const call = (channel: string, input: unknown): Promise<Response> => fetch(`${bridge.origin}/api/${channel}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-keyhole-token': bridge.token, origin: bridge.origin }, body: JSON.stringify(input),
  });

  it('answers the bytes as the body and the rest of the answer in a header; errors stay JSON envelopes', async () => {
    const body = bodies['/held'] as Buffer;
    const sent = await (await call('request.send', { sendId: 's1', request: { name: 'held', url: `${base}/held` } })).json() as { ok: true; value: ShownResult };
    expect(sent.value.exchange.response.body).toEqual({ storage: 'held', size: body.length });
    const r = await call('exchange.bodyBytes', { id: sent.value.exchange.id, offset: 3, length: 70_000 });
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(JSON.parse(r.headers.get(BYTES_META_HEADER) ?? '')).toEqual({ offset: 3, size: body.length });
    expect(Buffer.from(await r.arrayBuffer()).equals(body.subarray(3, 70_003))).toBe(true);
    const missing = await call('exchange.bodyBytes', { id: 'no-such-exchange', offset: 0, length: 10 });
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const tooLong = await call('exchange.bodyBytes', { id: sent.value.exchange.id, offset: 0, length: 9 * 1024 * 1024 });
    expect(await tooLong.json()).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
