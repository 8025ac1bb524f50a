import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection } from '../../../shared/model';
import { startDemoServer, type DemoServer } from '../../../electron/engine/demo';
import { openSession } from '../../../electron/engine/session';
import { dataScope, parseDataFile, runCollection, scriptedExecutor, type RequestResult } from '../../../electron/engine/runner';
import { createScriptEngine, type ScriptEngine } from '../../../electron/engine/scripts';
import type { SecretStore } from '../../../electron/engine/secrets';

let demo: DemoServer;
let engine: ScriptEngine;
beforeAll(async () => { demo = await startDemoServer(); engine = await createScriptEngine(); });
afterAll(async () => { engine.dispose(); await demo.close(); });

const secrets: SecretStore = { get: async (_e, k) => (k === 'token' ? 'sekret-token-value-1234' : undefined), set: async () => {}, delete: async () => {}, describe: () => '' };

async function run(collection: Collection, opts: { iterations?: number; rows?: Record<string, unknown>[] } = {}) {
  const session = await openSession({ collection, secrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-run-')) });
  const results: RequestResult[] = [];
  const row = (i: number) => opts.rows?.[i];
  const summary = await runCollection({
    collection,
    iterations: opts.iterations ?? opts.rows?.length ?? 1,
    execute: scriptedExecutor({ session, collection, engine, iterationCount: opts.iterations ?? 1, iterationData: row }),
    beforeIteration: (i) => { const r = row(i); if (r) session.scopes.data = dataScope(r); },
    reporters: [{ onRequest: (r) => { results.push(r); } }],
  });
  return { summary, results };
}

const req = (name: string, o: Record<string, unknown>) => ({ kind: 'request', name, method: 'GET', ...o });

describe('the runner with scripts', () => {
  it('runs collection, folder and request scripts in Postman order, sharing variables between requests', async () => {
    const c = Collection.parse({
      name: 'order', variables: [{ key: 'base', value: demo.url }],
      scripts: { preRequest: "pm.variables.set('trail', (pm.variables.get('trail') || '') + 'C');" },
      items: [{ kind: 'folder', name: 'F', scripts: { preRequest: "pm.variables.set('trail', pm.variables.get('trail') + 'F');" }, items: [
        req('Echo', {
          url: '{{base}}/echo?trail={{trail}}',
          scripts: {
            preRequest: "pm.variables.set('trail', pm.variables.get('trail') + 'R'); pm.environment.set('seen', 'yes');",
            test: "pm.test('trail reached the server', () => pm.expect(pm.response.json().query.trail).to.match(/CFR$/));",
          },
        }),
        req('Second', { url: '{{base}}/echo?seen={{seen}}', scripts: { test: "pm.test('env var set by an earlier script', () => pm.expect(pm.response.json().query.seen).to.equal('yes'));" } }),
      ] }],
    });
    const { summary, results } = await run(c);
    expect(results.map((r) => r.assertions.map((a) => `${a.name}:${a.passed}`))).toEqual([
      ['trail reached the server:true'],
      ['env var set by an earlier script:true'],
    ]);
    expect(results.map((r) => r.statusCheck)).toEqual([{ name: 'status is below 400', passed: true, message: undefined }, { name: 'status is below 400', passed: true, message: undefined }]);
    expect(summary.failedRequests).toBe(0);
  });

  it('setNextRequest jumps and null stops; skipRequest skips without failing', async () => {
    const c = Collection.parse({
      name: 'flow', variables: [{ key: 'base', value: demo.url }],
      items: [
        req('A', { url: '{{base}}/health', scripts: { test: "postman.setNextRequest('C');" } }),
        req('B', { url: '{{base}}/health' }),
        req('C', { url: '{{base}}/health', scripts: { preRequest: 'pm.execution.skipRequest();' } }),
        req('D', { url: '{{base}}/health', scripts: { test: 'pm.execution.setNextRequest(null);' } }),
        req('E', { url: '{{base}}/health' }),
      ],
    });
    const { results } = await run(c);
    expect(results.map((r) => `${r.path}${r.skipped ? ' (skipped)' : ''}`)).toEqual(['A', 'C (skipped)', 'D']);
    expect(results.every((r) => r.passed)).toBe(true);
  });

  it('a script that throws or loops fails its request with a clear message and the run goes on', async () => {
    const c = Collection.parse({
      name: 'faults', variables: [{ key: 'base', value: demo.url }],
      items: [
        req('Throws', { url: '{{base}}/health', scripts: { preRequest: "throw new Error('boom')" } }),
        req('Fails test', { url: '{{base}}/health', scripts: { test: "pm.test('wrong', () => pm.expect(1).to.equal(2));" } }),
        req('Fine', { url: '{{base}}/health' }),
      ],
    });
    const { results, summary } = await run(c);
    expect(results[0]?.passed).toBe(false);
    expect(results[0]?.error?.message).toMatch(/pre-request script of request Throws.*boom/);
    expect(results[0]?.exchange).toBeUndefined();
    expect(results[1]?.assertions.find((a) => a.name === 'wrong')?.message).toMatch(/expected 1 to equal 2/);
    expect(results[2]?.passed).toBe(true);
    expect(summary.failedRequests).toBe(2);
  });

  it('feeds each data-file row to one iteration as variables and pm.iterationData', async () => {
    const rows = parseDataFile('user,count\n"ann, the first",1\nbob,2\n', 'data.csv');
    const c = Collection.parse({
      name: 'data', variables: [{ key: 'base', value: demo.url }],
      items: [req('Echo', { url: '{{base}}/echo?user={{user}}', scripts: { test: "pm.test('row ' + pm.iterationData.get('count'), () => pm.expect(pm.response.json().query.user).to.equal(pm.iterationData.get('user')));" } })],
    });
    const { results } = await run(c, { rows });
    expect(results.map((r) => r.assertions.map((a) => `${a.name}:${a.passed}`).join(','))).toEqual([
      'row 1:true', 'row 2:true',
    ]);
  });

  it('masks secrets in script logs and assertion messages', async () => {
    const c = Collection.parse({
      name: 'mask', variables: [{ key: 'base', value: demo.url }, { key: 'token', value: '', secret: true }],
      items: [req('Leaky', { url: '{{base}}/health', scripts: { test: "console.log('token is ' + pm.variables.get('token')); pm.test('compare', () => pm.expect(pm.variables.get('token')).to.equal('x'));" } })],
    });
    const { results } = await run(c);
    const text = JSON.stringify(results);
    expect(text).not.toContain('sekret-token-value-1234');
    expect(results[0]?.logs?.[0]).toMatch(/token is \*\*\*\*$/);
  });
});

describe('data files', () => {
  it('reads JSON rows with their types and names the file and row on bad input', () => {
    expect(parseDataFile('[{"a":1,"b":"x","c":{"d":true}}]', 'd.json')).toEqual([{ a: 1, b: 'x', c: { d: true } }]);
    expect(() => parseDataFile('[1]', 'd.json')).toThrow(/d\.json: row \[0\] is not an object/);
    expect(() => parseDataFile('a\n"open\n', 'd.csv')).toThrow(/^d\.csv, line \d+: Quote Not Closed/);
  });

  it('reads CSV as newman does (csv-parse): quotes inside fields, short rows, numbers unquoted', () => {
    expect(parseDataFile('a,b\r\n"x ""y""",\r\n', 'd.csv')).toEqual([{ a: 'x "y"', b: '' }]);
    expect(parseDataFile('name,n,code,note\nAda,3,"007",she said "hi" twice\nBob,1.5\n', 'd.csv')).toEqual([
      { name: 'Ada', n: 3, code: '007', note: 'she said "hi" twice' },
      { name: 'Bob', n: 1.5 },
    ]);
  });

  it('gives {{references}} the text and scripts the type', () => {
    const scope = dataScope({ n: 3, s: 'x', o: { a: 1 } });
    expect(scope.get('n')).toEqual({ value: '3', typed: 3 });
    expect(scope.get('s')).toEqual({ value: 'x' });
    expect(scope.get('o')?.value).toBe('[object Object]');
  });
});
