// An imported Postman collection gives the same pass/fail per assertion in
// Keyhole as in newman, run on the same file against the same local server.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/engine/demo';
import { importText } from '../../electron/engine/importers';
import { runCollection, scriptedExecutor, type RequestResult } from '../../electron/engine/runner';
import { createScriptEngine, type ScriptEngine } from '../../electron/engine/scripts';
import type { SecretStore } from '../../electron/engine/secrets';
import { openSession } from '../../electron/engine/session';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'parity');

interface NewmanExecution {
  item: { name: string };
  assertions?: { assertion: string; skipped?: boolean; error?: { message: string } }[];
}
interface NewmanSummary { run: { executions: NewmanExecution[]; failures: unknown[] } }
type NewmanRun = (o: Record<string, unknown>, cb: (err: Error | null, summary: NewmanSummary) => void) => void;

let demo: DemoServer;
let engine: ScriptEngine;
beforeAll(async () => { demo = await startDemoServer(); engine = await createScriptEngine(); });
afterAll(async () => { engine.dispose(); await demo.close(); });

/** The fixture as both runners read it: only the base URL changes, to this test's server. */
function collectionText(file = 'parity.postman_collection.json'): string {
  const doc = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { variable: { key: string; value: string }[] };
  for (const v of doc.variable) if (v.key === 'baseUrl') v.value = demo.url;
  return JSON.stringify(doc);
}

/** "request / assertion: pass|fail", in the order they ran. */
async function newmanOutcomes(text: string): Promise<string[]> {
  const newman = (await import('newman')).default as unknown as { run: NewmanRun };
  const summary = await new Promise<NewmanSummary>((resolve, reject) => {
    newman.run({ collection: JSON.parse(text), reporters: [] }, (err, s) => (err ? reject(err) : resolve(s)));
  });
  return summary.run.executions.flatMap((e) => (e.assertions ?? []).map((a) => `${e.item.name} / ${a.assertion}: ${a.skipped ? 'skipped' : a.error ? 'fail' : 'pass'}`));
}

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };

async function keyholeOutcomes(text: string): Promise<{ outcomes: string[]; results: RequestResult[] }> {
  const imported = await importText(text, { file: 'parity.postman_collection.json' });
  const collection = imported.collection;
  if (!collection) throw new Error('the import produced no collection');
  const session = await openSession({ collection, secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-parity-')) });
  const results: RequestResult[] = [];
  await runCollection({
    collection, execute: scriptedExecutor({ session, collection, engine, iterationCount: 1 }),
    reporters: [{ onRequest: (r) => { results.push(r); } }],
  });
  await session.close();
  // Keyhole's own declarative status check ("status is below 400") is not a script assertion.
  const name = (path: string) => path.split('/').pop() ?? path;
  const outcomes = results.flatMap((r) => r.assertions.filter((a) => !/^status is /.test(a.name)).map((a) => `${name(r.path)} / ${a.name}: ${a.passed ? 'pass' : 'fail'}`));
  return { outcomes, results };
}

describe('parity with newman 6.2.2', () => {
  it('imports the collection and gives the same pass/fail for every assertion, in the same order', async () => {
    const text = collectionText();
    const expected = await newmanOutcomes(text);
    const { outcomes, results } = await keyholeOutcomes(text);

    // The fixture means something only if both sides passed and failed things, and jumped.
    expect(expected.filter((o) => o.endsWith(': fail')).length).toBeGreaterThanOrEqual(8);
    expect(expected.filter((o) => o.endsWith(': pass')).length).toBeGreaterThanOrEqual(20);
    expect(expected.some((o) => o.startsWith('Skipped by the jump') || o.startsWith('After the stop'))).toBe(false);
    expect(outcomes).toEqual(expected);

    expect(results.map((r) => r.path)).toEqual([
      'Basics/Health', 'Basics/Create', 'Basics/Use later', 'Auth/Basic auth', 'Auth/Basic auth, wrong password', 'Auth/API key', 'Not found', 'Legacy tests',
    ]);
  });

  it("Postman's own sample collection (v2.0.0, legacy tests[]), its Postman Echo host pointed at a local echo server", async () => {
    const seen: string[] = [];
    const echo: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url}`);
        res.writeHead(req.url?.startsWith(req.method === 'POST' ? '/post' : '/get') ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: req.url, data: body, headers: req.headers }));
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    try {
      const origin = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      const text = readFileSync(join(process.cwd(), 'test', 'fixtures', 'import', 'newman-sample-collection.json'), 'utf8').replaceAll('https://echo.getpostman.com', origin);
      const expected = await newmanOutcomes(text);
      const { outcomes, results } = await keyholeOutcomes(text);
      expect(expected).toEqual(['A simple GET request / response code is 200: pass']);
      expect(outcomes).toEqual(expected);
      expect(results.map((r) => r.exchange?.response.status)).toEqual([200, 200, 200]);
      expect(seen).toEqual(['GET /get?source=newman-sample-github-collection', 'POST /post', 'POST /post', 'GET /get?source=newman-sample-github-collection', 'POST /post', 'POST /post']);
    } finally {
      echo.closeAllConnections();
      await new Promise((r) => echo.close(r));
    }
  });

  // Not parity, on purpose: the demo server enforces RFC 7616 section 3.4's quoting (algorithm and qop
  // unquoted), which newman's Digest breaks, so newman is refused where Keyhole is let in. Kept out
  // of the fixture above and pinned here, so a change on either side shows.
  it('Digest against an RFC 7616-strict server: newman is refused, Keyhole passes', async () => {
    const text = collectionText('digest.postman_collection.json');
    const expected = await newmanOutcomes(text);
    expect(new Set(expected)).toEqual(new Set(['Digest / Digest accepted: fail']));
    expect((await keyholeOutcomes(text)).outcomes).toEqual(['Digest / Digest accepted: pass']);
  });
});
