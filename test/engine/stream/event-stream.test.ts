import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, Request, type StreamMessage } from '../../../shared/model';
import { readBodyText } from '../../../electron/engine/http';
import { openSession, type Session } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import type { HttpTestServer } from '../../servers/http';
import { startSseServer } from '../../servers/sse';

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };

let server: HttpTestServer;
beforeAll(async () => { server = await startSseServer(); });
afterAll(async () => { await server.close(); });

function session(): Promise<Session> {
  const collection = Collection.parse({ name: 'sse', variables: [{ key: 'base', value: server.url }], settings: { proxy: { mode: 'none' } } });
  return openSession({ collection, secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-sse-')), env: {} });
}

describe('a text/event-stream response', () => {
  it('becomes events with id, event, data and retry, and keeps the raw stream as the body', async () => {
    const s = await session();
    const sent = await s.send(Request.parse({ name: 'Events', url: '{{base}}/events?count=3' }));
    const log = sent.exchange.stream;
    expect(log?.kind).toBe('sse');
    expect(log?.messages.map((m) => [m.id, m.event, m.data, m.retry])).toEqual([
      ['1', 'tick', '{"n":1,"text":"event 1"}', 2500],
      ['2', 'tick', '{"n":2,"text":"event 2"}', undefined],
      ['3', 'tick', '{"n":3,"text":"event 3"}', undefined],
    ]);
    expect(await readBodyText(sent.exchange.response.body)).toContain('id: 3\nevent: tick');
  });

  it('follows the SSE parsing rules: multi-line data joined, comments ignored', async () => {
    const s = await session();
    const sent = await s.send(Request.parse({ name: 'Multi', url: '{{base}}/multiline' }));
    expect(sent.exchange.stream?.messages.map((m) => m.data)).toEqual(['first line\nsecond line', 'plain']);
  });

  it('hands each event to the watcher as it arrives, before the response ends', async () => {
    const s = await session();
    const seen: { n: number; done: boolean }[] = [];
    let finished = false;
    const sending = s.send(Request.parse({ name: 'Slow', url: '{{base}}/events?count=5&delay=40' }), [], undefined, undefined, {
      onStart: (log) => log.subscribe((m: StreamMessage) => { seen.push({ n: Number(m.id), done: finished }); }),
    });
    void sending.then(() => { finished = true; });
    const sent = await sending;
    expect(seen.map((e) => e.n)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.every((e) => !e.done)).toBe(true);
    expect(sent.exchange.stream?.messages).toHaveLength(5);
  });

  it('has no total timeout while events keep coming; its idle timeout ends it with what came', async () => {
    const s = await session();
    // 6 events 60 ms apart outlast a 200 ms total timeout; each gap is well under the idle timeout.
    const slow = await s.send(Request.parse({ name: 'Slow', url: '{{base}}/events?count=6&delay=60', settings: { timeoutMs: 200, bodyTimeoutMs: 2000 } }));
    expect(slow.exchange.stream?.messages).toHaveLength(6);
    const idle = await s.send(Request.parse({ name: 'Idle', url: '{{base}}/idle', settings: { bodyTimeoutMs: 300 } }));
    expect(idle.exchange.stream?.messages.map((m) => m.data)).toEqual(['only one']);
    expect(idle.exchange.stream?.ended).toMatch(/idle timeout/);
    expect(idle.exchange.warnings.join(' ')).toMatch(/idle timeout/);
  });

  it('stops when asked and completes with the events so far', async () => {
    const s = await session();
    const stop = new AbortController();
    const sent = await s.send(Request.parse({ name: 'Forever', url: '{{base}}/forever' }), [], undefined, undefined, {
      stop: stop.signal,
      onStart: (log) => log.subscribe((m) => { if (m.id === '4') stop.abort(); }),
    });
    const ids = sent.exchange.stream?.messages.map((m) => m.id) ?? [];
    expect(ids.slice(0, 4)).toEqual(['1', '2', '3', '4']);
    expect(ids.length).toBeLessThan(8);
    expect(sent.exchange.stream?.ended).toMatch(/stopped/);
  });

  it('sends Last-Event-ID when the request carries one, and the server resumes after it', async () => {
    const s = await session();
    const sent = await s.send(Request.parse({ name: 'Resume', url: '{{base}}/events?count=2', headers: [{ key: 'Last-Event-ID', value: '7' }] }));
    expect(sent.exchange.stream?.messages.map((m) => m.id)).toEqual(['8', '9']);
  });

  it('reads NDJSON line by line', async () => {
    const s = await session();
    const sent = await s.send(Request.parse({ name: 'Lines', url: '{{base}}/ndjson?count=3&delay=5' }));
    expect(sent.exchange.stream?.kind).toBe('ndjson');
    expect(sent.exchange.stream?.messages.map((m) => JSON.parse(m.data) as unknown)).toEqual([{ n: 1, done: false }, { n: 2, done: false }, { n: 3, done: true }]);
  });

  it('leaves a refused event stream to the explainer like any 401', async () => {
    const s = await session();
    const sent = await s.send(Request.parse({ name: 'Refused', url: '{{base}}/refused' }));
    expect(sent.exchange.response.status).toBe(401);
    expect(sent.exchange.stream).toBeUndefined();
  });
});
