// Issue 18 §2 / 19: Postman's dynamic variables beside newman. The same Postman collection runs in
// newman and in `keyhole run`; the local server receives both bodies, and each value has the shape
// Postman documents, in both. Test scripts check pm.variables.replaceIn with them in both runners.
// And faker loads only when a $random name is used.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRequestBody, startHttpServer, type HttpTestServer } from '../servers/http';
import { hasShape, SHAPES } from '../fixtures/dynamic-shapes';
import { packagesLoaded, removeHook, spawnCli } from '../cli/spawn-cli';

type NewmanRun = (o: Record<string, unknown>, cb: (err: Error | null, summary: { run: { stats: { assertions: { total: number; failed: number } } } }) => void) => void;

let server: HttpTestServer;
const bodies = new Map<string, string>();
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    void readRequestBody(req).then((b) => { bodies.set(String(req.headers['x-runner']), b.toString('utf8')); res.end('ok'); });
  });
});
afterAll(async () => {
  await server.close();
  removeHook();
});

const NAMES = Object.keys(SHAPES);
const REPLACE_IN = ['$randomEmail', '$randomUUID', '$randomPhoneNumber', '$randomHexColor', '$randomBankAccount'];

function collection(runner: string): object {
  const test = REPLACE_IN.map((n) => {
    const shape = SHAPES[n];
    return `pm.test("replaceIn ${n}", () => pm.expect(pm.variables.replaceIn("{{${n}}}")).to.match(${String(shape)}));`;
  }).join('\n');
  return {
    info: { name: 'Dynamic variables', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{
      name: 'Shapes',
      event: [{ listen: 'test', script: { exec: test.split('\n') } }],
      request: {
        method: 'POST', url: `${server.url}/shapes`,
        header: [{ key: 'X-Runner', value: runner }, { key: 'Content-Type', value: 'text/plain' }],
        body: { mode: 'raw', raw: NAMES.map((n) => `${n}={{${n}}}`).join('\n') },
      },
    }],
  };
}

/** name → value, from the body the server received. */
function received(runner: string): Map<string, string> {
  const lines = (bodies.get(runner) ?? '').split('\n');
  return new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('Postman dynamic variables: Keyhole beside newman', () => {
  it('every checkable name has its shape in both, and replaceIn resolves them in both', async () => {
    const newman = (await import('newman')).default as unknown as { run: NewmanRun };
    const summary = await new Promise<Parameters<Parameters<NewmanRun>[1]>[1]>((resolve, reject) => {
      newman.run({ collection: collection('newman'), reporters: [] }, (err, s) => (err ? reject(err) : resolve(s)));
    });
    expect(summary.run.stats.assertions).toMatchObject({ total: REPLACE_IN.length, failed: 0 });

    const dir = mkdtempSync(join(tmpdir(), 'keyhole-dyn-parity-'));
    const file = join(dir, 'dynamic.postman_collection.json');
    writeFileSync(file, JSON.stringify(collection('keyhole')));
    const run = await spawnCli(['run', file], { from: 'source' });
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toContain(`${REPLACE_IN.length} assertions, 0 failed`);

    const n = received('newman');
    const k = received('keyhole');
    const wrong = NAMES.flatMap((name) => [
      ...(hasShape(name, n.get(name) ?? '') ? [] : [`newman ${name}=${n.get(name)}`]),
      ...(hasShape(name, k.get(name) ?? '') ? [] : [`keyhole ${name}=${k.get(name)}`]),
    ]);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('faker loads only when a $random name is used, not at start-up', async () => {
    const plain = await spawnCli(['send', `${server.url}/plain`, '-H', 'X-Runner: plain', '-H', 'X-Id: {{$guid}}'], { from: 'source' });
    expect(plain.code, plain.err).toBe(0);
    expect(packagesLoaded(plain).has('@faker-js/faker')).toBe(false);
    const random = await spawnCli(['send', `${server.url}/random`, '-H', 'X-Runner: random', '-d', 'who={{$randomFullName}}'], { from: 'source' });
    expect(random.code, random.err).toBe(0);
    expect(packagesLoaded(random).has('@faker-js/faker')).toBe(true);
    expect(bodies.get('random')).toMatch(/^who=\S.* \S/);
  }, 120_000);
});
