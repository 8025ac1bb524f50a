import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, Request } from '../../../shared/model';
import { streamKindOf } from '../../../electron/engine/stream/event-stream';
import type { StreamLogWriter } from '../../../electron/engine/stream/log';
import { openSession, type Session } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { startSseServer, type SseTestServer } from '../../servers/sse';

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };

let server: SseTestServer;
beforeAll(async () => { server = await startSseServer(); });
afterAll(async () => { await server.close(); });

function session(): Promise<Session> {
  const collection = Collection.parse({ name: 'sse', variables: [{ key: 'base', value: server.url }], settings: { proxy: { mode: 'none' } } });
  return openSession({ collection, secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-sse-reconnect-')), env: {} });
}

const get = (url: string) => Request.parse({ name: 'Events', url });
const ids = (s: { exchange: { stream?: { messages: { type: string; id?: string }[] } } }) =>
  s.exchange.stream?.messages.filter((m) => m.type === 'event').map((m) => m.id);
const eventRequests = () => server.requests.filter((r) => r.url.startsWith('/events') || r.url.startsWith('/drop'));

describe('an event stream reconnected as EventSource does', () => {
  it('waits the server\'s retry after the stream ends, sends Last-Event-ID, goes on in the same log, and stops after --max-reconnects', async () => {
    const s = await session();
    const before = eventRequests().length;
    const sent = await s.send(get('{{base}}/events?count=2&retry=40'), [], undefined, undefined, { reconnect: { max: 2 } });
    const asked = eventRequests().slice(before);
    expect(asked.map((r) => r.header('last-event-id'))).toEqual([undefined, '2', '4']);
    expect(ids(sent)).toEqual(['1', '2', '3', '4', '5', '6']);
    const info = sent.exchange.stream?.messages.filter((m) => m.direction === 'info').map((m) => m.reason ?? m.data) ?? [];
    expect(info).toEqual([
      'The server ended the stream; reconnecting in 40 ms', 'Reconnected (attempt 1 of 2), Last-Event-ID: 2',
      'The server ended the stream; reconnecting in 40 ms', 'Reconnected (attempt 2 of 2), Last-Event-ID: 4',
    ]);
    expect(sent.exchange.stream?.ended).toBe('the stream ended; reconnected 2 time(s), the most allowed');
    // The events of every connection, in order, numbered as one log.
    expect(sent.exchange.stream?.messages.map((m) => m.seq)).toEqual(sent.exchange.stream?.messages.map((_m, i) => i));
  });

  it('uses the default wait when the server sends no retry, and stops when the user stops while it waits', async () => {
    const s = await session();
    const stop = new AbortController();
    let log: StreamLogWriter | undefined;
    const before = eventRequests().length;
    const sending = s.send(get('{{base}}/multiline'), [], undefined, undefined, {
      stop: stop.signal, reconnect: { defaultRetryMs: 60_000 },
      onStart: (l) => { log = l; },
    });
    await expect.poll(() => log?.reconnectAt).toBeDefined();
    // The multiline stream sends no retry: it waits the default (a minute here) before reconnecting.
    expect(log?.poll(0).messages.at(-1)?.reason).toBe('The server ended the stream; reconnecting in 60.0 s');
    stop.abort();
    const sent = await sending;
    expect(sent.exchange.stream?.ended).toBe('stopped while waiting to reconnect');
    expect(sent.exchange.stream?.messages.filter((m) => m.type === 'event').map((m) => m.data)).toEqual(['first line\nsecond line', 'plain']);
    expect(eventRequests().length).toBe(before);
  });

  it('reconnects after the connection drops mid-stream', async () => {
    const s = await session();
    const sent = await s.send(get('{{base}}/drop?count=2'), [], undefined, undefined, { reconnect: { max: 1 } });
    expect(ids(sent)).toEqual(['1', '2', '3', '4']);
    expect(sent.exchange.stream?.messages.find((m) => m.direction === 'info')?.reason).toMatch(/^the connection dropped: .+; reconnecting in 30 ms$/);
  });

  it.each([
    ['204', 'the server answered 204 No Content: it asks not to reconnect', 200],
    ['500', 'reconnecting stopped: the server answered 500 Internal Server Error', 500],
    ['text', 'reconnecting stopped: the server answered text/plain, not text/event-stream', 200],
  ])('stops reconnecting on a %s answer (the exchange is that answer, or the last stream after a 204)', async (then, why, status) => {
    const s = await session();
    const sent = await s.send(get(`{{base}}/events?count=2&retry=10&last=4&then=${then}`), [], undefined, undefined, { reconnect: {} });
    expect(ids(sent)).toEqual(['1', '2', '3', '4']);
    expect(sent.exchange.response.status).toBe(status);
    expect(streamKindOf(sent.exchange.response.headers)).toBe(then === '204' ? 'sse' : undefined);
    expect(sent.exchange.stream?.ended).toBe(why);
    expect(sent.masked.stream?.ended).toBe(why);
  });

  it('does not reconnect a stream its idle timeout ended, nor a response that is not an event stream', async () => {
    const s = await session();
    const before = server.requests.length;
    const idle = await s.send(Request.parse({ name: 'Idle', url: '{{base}}/idle', settings: { bodyTimeoutMs: 200 } }), [], undefined, undefined, { reconnect: { defaultRetryMs: 10 } });
    expect(idle.exchange.stream?.ended).toMatch(/^idle timeout/);
    const missing = await s.send(get('{{base}}/no-such-stream'), [], undefined, undefined, { reconnect: { defaultRetryMs: 10 } });
    expect(missing.exchange.response.status).toBe(404);
    expect(missing.exchange.stream).toBeUndefined();
    expect(server.requests.length - before).toBe(2);
  });

  it('without reconnect options, a stream that ends is not sent again', async () => {
    const s = await session();
    const before = eventRequests().length;
    const sent = await s.send(get('{{base}}/events?count=2&retry=10'));
    expect(ids(sent)).toEqual(['1', '2']);
    expect(eventRequests().length - before).toBe(1);
  });
});
