import { mkdtempSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { Collection, Request } from '../../../shared/model';
import { startHttpServer, type HttpTestServer } from '../../servers/http';
import pkg from '../../../package.json';

// #17 §6: every request carries User-Agent: Keyhole/<version> and Accept: */* unless the user set
// them or switched the generated row off, at any level of the settings chain.

let server: HttpTestServer;
let base: string;
const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };

beforeAll(async () => {
  server = await startHttpServer((_req, res) => { res.end('ok'); });
  base = server.url;
});
afterAll(() => server.close());

/** The headers of the last request the server received, names lower-cased as node gives them. */
function lastHeaders(): IncomingHttpHeaders {
  const r = server.requests.at(-1);
  return r ? Object.fromEntries(r.headers.map(([k, v]) => [k.toLowerCase(), v])) : {};
}

async function sendOnce(request: object, collection: object = {}): Promise<IncomingHttpHeaders> {
  const c = Collection.parse({ name: 'C', items: [], ...collection });
  const session = await openSession({ collection: c, secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-dh-')) });
  try {
    const before = server.requests.length;
    const { exchange } = await session.send(Request.parse({ name: 'R', url: `${base}/x`, ...request }));
    if (server.requests.length !== before + 1) throw new Error('the server saw no request');
    const got = lastHeaders();
    // What the exchange records as sent agrees with what the server received.
    const sent = Object.fromEntries(exchange.request.headers.map(([k, v]) => [k.toLowerCase(), v]));
    expect(sent['user-agent']).toBe(got['user-agent']);
    return got;
  } finally {
    await session.close();
  }
}

describe('default headers', () => {
  it('sends User-Agent: Keyhole/<version> and Accept: */* when the user set neither', async () => {
    const h = await sendOnce({});
    expect(h['user-agent']).toBe(`Keyhole/${pkg.version}`);
    expect(h.accept).toBe('*/*');
  });

  it('leaves a header the user set alone, whatever its case', async () => {
    const h = await sendOnce({ headers: [{ key: 'user-agent', value: 'mine/1' }, { key: 'ACCEPT', value: 'application/json' }] });
    expect(h['user-agent']).toBe('mine/1');
    expect(h.accept).toBe('application/json');
  });

  it('a disabled user row does not count as set: the default goes out', async () => {
    const h = await sendOnce({ headers: [{ key: 'Accept', value: 'text/html', enabled: false }] });
    expect(h.accept).toBe('*/*');
  });

  it('a row switched off in the request settings is not sent; the other still is', async () => {
    const h = await sendOnce({ settings: { defaultHeaders: { userAgent: false } } });
    expect(h['user-agent']).toBeUndefined();
    expect(h.accept).toBe('*/*');
  });

  it('a collection switch applies until the request switches the row back on', async () => {
    const off = await sendOnce({}, { settings: { defaultHeaders: { accept: false } } });
    expect(off.accept).toBeUndefined();
    expect(off['user-agent']).toBe(`Keyhole/${pkg.version}`);
    const on = await sendOnce({ settings: { defaultHeaders: { accept: true } } }, { settings: { defaultHeaders: { accept: false } } });
    expect(on.accept).toBe('*/*');
  });
});
