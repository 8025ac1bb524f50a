// #17 §6: what newman sends by default and what Keyhole sends, on the same request to the same
// local server: both send Accept: */* and a User-Agent of their own, and both leave a header the
// user set alone. README ("Default headers") states the differences.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../electron/engine/session';
import type { SecretStore } from '../../electron/engine/secrets';
import { Collection, Request } from '../../shared/model';
import { startHttpServer, type HttpTestServer, type ReceivedRequest } from '../servers/http';
import pkg from '../../package.json';

type NewmanRun = (o: Record<string, unknown>, cb: (err: Error | null) => void) => void;

let server: HttpTestServer;
const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };
beforeAll(async () => { server = await startHttpServer((_req, res) => { res.end('ok'); }); });
afterAll(() => server.close());

/** The request the server received last: what the runner just sent. */
function received(): ReceivedRequest {
  const r = server.requests.at(-1);
  if (!r) throw new Error('the server received nothing');
  return r;
}

async function viaNewman(headers: { key: string; value: string }[]): Promise<ReceivedRequest> {
  const newman = (await import('newman')).default as unknown as { run: NewmanRun };
  const collection = { info: { name: 'p', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'r', request: { method: 'GET', url: `${server.url}/x`, header: headers } }] };
  await new Promise<void>((resolve, reject) => newman.run({ collection, reporters: [] }, (err) => (err ? reject(err) : resolve())));
  return received();
}

async function viaKeyhole(headers: { key: string; value: string }[]): Promise<ReceivedRequest> {
  const session = await openSession({ collection: Collection.parse({ name: 'p' }), secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-dhp-')) });
  try {
    await session.send(Request.parse({ name: 'r', url: `${server.url}/x`, headers }));
  } finally {
    await session.close();
  }
  return received();
}

describe('default headers beside newman', () => {
  it('both send Accept: */* and their own User-Agent', async () => {
    const n = await viaNewman([]);
    const k = await viaKeyhole([]);
    expect([n.header('accept'), k.header('accept')]).toEqual(['*/*', '*/*']);
    expect(n.header('user-agent')).toMatch(/^PostmanRuntime\//);
    expect(k.header('user-agent')).toBe(`Keyhole/${pkg.version}`);
  }, 60_000);

  it('both send the user\'s own User-Agent and Accept instead', async () => {
    const mine = [{ key: 'User-Agent', value: 'mine/2' }, { key: 'Accept', value: 'application/json' }];
    for (const h of [await viaNewman(mine), await viaKeyhole(mine)]) {
      expect([h.header('user-agent'), h.header('accept')]).toEqual(['mine/2', 'application/json']);
    }
  }, 60_000);
});
