import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection } from '../../../shared/model';
import { openSession } from '../../../electron/engine/session';
import { runCollection, scriptedExecutor, type RequestResult } from '../../../electron/engine/runner';
import { ReportQueue } from '../../../electron/engine/runner/report-queue';
import type { SecretStore } from '../../../electron/engine/secrets';

// A server that records each request's path and the Authorization it carried.
let server: Server;
let base = '';
const seen: { path: string; auth: string | undefined }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ echoed: req.headers.authorization ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const TOKEN = 'queue-secret-token-5678';
const secrets: SecretStore = { get: async (_e, k) => (k === 'token' ? TOKEN : undefined), set: async () => {}, delete: async () => {}, describe: () => '' };

function collection(n: number): Collection {
  return Collection.parse({
    name: 'queued', variables: [{ key: 'base', value: base }, { key: 'token', secret: true }],
    items: Array.from({ length: n }, (_, i) => ({ kind: 'request', name: `r${i}`, method: 'GET', url: `{{base}}/r${i}?token={{token}}`, auth: { type: 'bearer', token: '{{token}}' } })),
  });
}

describe('ReportQueue', () => {
  it('runs jobs in the order they were queued, async ones included, and only after the current turn', async () => {
    const q = new ReportQueue();
    const order: string[] = [];
    q.push(() => { order.push('a'); });
    q.push(async () => { await new Promise((r) => setTimeout(r, 5)); order.push('b'); });
    q.push(() => { order.push('c'); });
    order.push('queued');
    await q.drain();
    expect(order).toEqual(['queued', 'a', 'b', 'c']);
  });

  it('keeps running later jobs after one throws, and drain() rethrows the first error', async () => {
    const q = new ReportQueue();
    const order: string[] = [];
    q.push(() => { throw new Error('first'); });
    q.push(() => { throw new Error('second'); });
    q.push(() => { order.push('after'); });
    await expect(q.drain()).rejects.toThrow('first');
    expect(order).toEqual(['after']);
    expect(() => q.throwIfFailed()).toThrow('first');
  });
});

describe('the runner reports after the next request is sent', () => {
  it('gives every reporter each result in order, masked, with the summary complete at onEnd', async () => {
    seen.length = 0;
    const c = collection(5);
    const session = await openSession({ collection: c, secrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-queue-')) });
    const results: RequestResult[] = [];
    let atEnd = -1;
    const summary = await runCollection({
      collection: c,
      execute: scriptedExecutor({ session, collection: c, iterationCount: 1 }),
      reporters: [{ onRequest: (r) => { results.push(r); }, onEnd: (s) => { atEnd = results.length; expect(s.requests).toBe(5); } }],
    });
    await session.close();
    expect(summary.requests).toBe(5);
    expect(atEnd).toBe(5);
    expect(results.map((r) => r.name)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    // The server got the token; no reporter ever saw it, in the URL, the headers or the body.
    expect(seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
    for (const r of results) {
      expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/r\d\?token=/);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
      expect(r.exchange?.response.status).toBe(200);
    }
  });

  it('stops the run at the next request when a reporter fails, and the run rejects with its error', async () => {
    seen.length = 0;
    const c = collection(8);
    const session = await openSession({ collection: c, secrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-queue-')) });
    let calls = 0;
    const run = runCollection({
      collection: c,
      execute: scriptedExecutor({ session, collection: c, iterationCount: 1 }),
      reporters: [{ onRequest: () => { calls++; if (calls === 2) throw new Error('disk full'); } }],
    });
    await expect(run).rejects.toThrow('disk full');
    await session.close();
    // The failure is seen one or two requests later than in line, never at the end of the run.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeLessThan(8);
  });
});
