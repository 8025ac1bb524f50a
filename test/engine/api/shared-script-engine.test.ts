import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'node:worker_threads';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedScriptEngine } from '../../../electron/engine/api/shared-script-engine';
import { Runs } from '../../../electron/engine/api/runs';
import { openSession } from '../../../electron/engine/session';
import { sendWithScripts } from '../../../electron/engine/api/scripted-send';
import { Collection, Request } from '../../../shared/model';
import type { SecretStore } from '../../../electron/engine/secrets';

/**
 * One script engine per host: the tabs' sends and the Runner's runs share it, so QuickJS starts
 * once per process (warmed when the host starts), not once per run or on the first send.
 */

let server: Server;
let base: string;
let dir: string;
const noSecrets: SecretStore = { get: async () => undefined, set: async () => undefined, delete: async () => undefined, describe: () => '' };

beforeAll(async () => {
  server = createServer((_q, res) => { res.setHeader('content-type', 'application/json'); res.end('{"ok":true}'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'keyhole-shared-engine-'));
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

const scripted = Collection.parse({
  name: 'Scripted', variables: [{ key: 'base', value: '' }],
  items: [
    { kind: 'request', name: 'One', method: 'GET', url: '{{base}}/one', scripts: { test: "pm.test('one ok', () => pm.expect(pm.response.json().ok).to.equal(true));" } },
    { kind: 'request', name: 'Two', method: 'GET', url: '{{base}}/two', scripts: { test: "pm.test('two ok', () => pm.expect(pm.response.json().ok).to.equal(true));" } },
  ],
});

describe('the host\'s shared script engine', () => {
  it('starts one worker for a warm-up, two runs and a tab\'s send, and none for a collection without scripts', async () => {
    const threads: Worker[] = [];
    const shared = new SharedScriptEngine({ onWorkerStart: (t) => threads.push(t) });
    const collection = { ...scripted, variables: [{ key: 'base', value: base, secret: false, enabled: true }] } as Collection;
    const plain = Collection.parse({ name: 'Plain', items: [{ kind: 'request', name: 'P', url: `${base}/p` }] });
    expect(await shared.forRun(plain)).toBeUndefined();
    expect(threads).toHaveLength(0);

    shared.warm();
    const open = async () => openSession({ collection, secrets: noSecrets, tempDir: dir });
    const runs = new Runs(async () => open(), (c) => shared.forRun(c));
    const finish = async (runId: string) => {
      for (;;) {
        const p = runs.poll(runId, 0);
        if (p.done) return p;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    for (let i = 0; i < 2; i++) {
      const p = await finish(runs.start({ collectionId: 'x', iterations: 1, delayMs: 0, bail: false }));
      expect(p.error).toBeUndefined();
      expect(p.rows.map((r) => [r.path, r.passed, r.assertions.map((a) => a.name)])).toEqual([['One', true, ['one ok']], ['Two', true, ['two ok']]]);
    }
    const session = await open();
    const sent = await sendWithScripts(session, Request.parse({ name: 'One', url: `${base}/one`, scripts: { test: "pm.test('tab ok', () => pm.expect(pm.response.json().ok).to.equal(true));" } }), [], new AbortController().signal, () => shared.get());
    await session.close();
    expect(sent.tests?.assertions).toEqual([{ name: 'tab ok', passed: true }]);
    expect(threads).toHaveLength(1);

    // A run never disposes the host's engine: it is still the same one afterwards.
    expect(await shared.get()).toBe(await shared.forRun(collection));
    await shared.close();
    await expect(shared.get()).rejects.toThrow(/closed/);
  }, 60_000);
});
