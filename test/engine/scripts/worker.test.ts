import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptEngine, type ScriptEngine } from '../../../electron/engine/scripts';
import { exchange, info, scriptRequest, stores } from './helpers';

// The engine runs QuickJS on a worker thread and answers the script's variable reads by
// synchronous calls to the host; these pin what that split must not change.

describe('the script worker', () => {
  it('a worker that dies mid-execution fails that execution with a script error; the next one runs on a new worker', async () => {
    const threads: Worker[] = [];
    const engine = await createScriptEngine({ timeLimitMs: 20_000, onWorkerStart: (t) => threads.push(t) });
    try {
      expect(threads).toHaveLength(1);
      // The worker boots in the background; one execution makes sure it is up before the loop.
      expect((await engine.runTest({ script: '1;', scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info })).error).toBeUndefined();
      const looping = engine.runTest({ script: 'for (;;) {}', scriptName: 'test script of request Loop', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info });
      // Killed from outside, as a hard crash of the thread would end it.
      setTimeout(() => void threads[0]?.terminate(), 200);
      const r = await looping;
      expect(r.error?.code).toBe('script-failed');
      expect(r.error?.message).toContain('test script of request Loop');
      expect(r.error?.message).toContain('the script worker stopped');

      const next = await engine.runTest({ script: "pm.test('still runs', () => pm.expect(pm.response.json().ok).to.equal(true));", scriptName: 's', request: scriptRequest(), response: exchange(200, '{"ok":true}'), variables: stores(), info });
      expect(next.error).toBeUndefined();
      expect(next.assertions).toEqual([{ name: 'still runs', passed: true }]);
      expect(threads).toHaveLength(2);
    } finally {
      engine.dispose();
    }
  }, 30_000);
});

describe('host calls from the worker', () => {
  let engine: ScriptEngine;
  const fixed = new Date('2030-01-02T03:04:05Z');
  beforeAll(async () => { engine = await createScriptEngine({ now: () => fixed }); });
  afterAll(() => engine.dispose());

  it('writes and reads interleave in order: each get sees the set just before it', async () => {
    const variables = stores({ environment: { keep: 'K' } });
    const r = await engine.runTest({
      script: `
        let ok = true;
        for (let i = 0; i < 300; i++) {
          pm.environment.set('k', String(i));
          ok = ok && pm.environment.get('k') === String(i) && pm.variables.get('k') === String(i);
        }
        pm.environment.unset('keep');
        const afterUnset = pm.environment.has('keep');
        pm.collectionVariables.set('c', '1');
        const all = pm.collectionVariables.toObject();
        pm.collectionVariables.clear();
        pm.test('ordered', () => pm.expect(ok).to.equal(true));
        pm.test('unset seen', () => pm.expect(afterUnset).to.equal(false));
        pm.test('toObject after set', () => pm.expect(all).to.eql({ c: '1' }));
        pm.test('cleared', () => pm.expect(pm.collectionVariables.toObject()).to.eql({}));
      `,
      scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables, info,
    });
    expect(r.error).toBeUndefined();
    expect(r.assertions.map((a) => [a.name, a.passed])).toEqual([['ordered', true], ['unset seen', true], ['toObject after set', true], ['cleared', true]]);
    expect(variables.environment.toObject()).toEqual({ k: '299' });
  });

  it("dynamic variables use the engine's clock, which stays on the host", async () => {
    const r = await engine.runPreRequest({
      script: "pm.test('ts', () => pm.expect(pm.variables.replaceIn('{{$timestamp}}')).to.equal(pm.variables.get('want')));",
      scriptName: 's', request: scriptRequest(), variables: stores({ runtime: { want: String(Math.floor(fixed.getTime() / 1000)) } }), info,
    });
    expect(r.error).toBeUndefined();
    expect(r.assertions).toEqual([{ name: 'ts', passed: true }]);
  });

  it('a response body stored in a file is read when the script asks for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-script-body-'));
    try {
      const path = join(dir, 'body');
      writeFileSync(path, JSON.stringify({ from: 'file' }));
      const response = exchange(200, '');
      response.response.body = { storage: 'file', path };
      const r = await engine.runTest({ script: "pm.test('file body', () => pm.expect(pm.response.json().from).to.equal('file'));", scriptName: 's', request: scriptRequest(), response, variables: stores(), info });
      expect(r.error).toBeUndefined();
      expect(r.assertions).toEqual([{ name: 'file body', passed: true }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a host call that fails is the script\'s error, and the run goes on', async () => {
    const response = exchange(200, '');
    response.response.body = { storage: 'file', path: join(tmpdir(), 'keyhole-no-such-body-file') };
    const r = await engine.runTest({ script: 'pm.response.text();', scriptName: 'test script of request T', request: scriptRequest(), response, variables: stores(), info });
    expect(r.error?.message).toContain('test script of request T, line 1');
    expect(r.error?.message).toContain('keyhole-no-such-body-file');
    const ok = await engine.runPreRequest({ script: "pm.test('after', () => {});", scriptName: 's', request: scriptRequest(), variables: stores(), info });
    expect(ok.assertions).toEqual([{ name: 'after', passed: true }]);
  });
});

describe('the worker in built code', () => {
  // The app bundles the engine with the worker as script-worker.js beside it (electron.vite.config.ts);
  // worker-host.ts must find it there, in plain Node, with no TypeScript loader to fall back on.
  it('a bundle of the engine starts script-worker.js from beside itself and runs a script on it', async () => {
    const { build } = await import('esbuild');
    const { execFile } = await import('node:child_process');
    const root = process.cwd();
    mkdirSync(join(root, 'out'), { recursive: true });
    const out = mkdtempSync(join(root, 'out', 'worker-bundle-'));
    try {
      const probe = join(out, 'probe.ts');
      writeFileSync(probe, `import { createScriptEngine } from ${JSON.stringify(join(root, 'electron/engine/scripts'))};
import { exchange, info, scriptRequest, stores } from ${JSON.stringify(join(root, 'test/engine/scripts/helpers'))};
import { threadId } from 'node:worker_threads';
const started = [];
const engine = await createScriptEngine({ onWorkerStart: (t) => started.push(t.threadId) });
const r = await engine.runTest({ script: "pm.test('on the worker', () => pm.expect(pm.response.json().ok).to.equal(true));", scriptName: 's', request: scriptRequest(), response: exchange(200, '{"ok":true}'), variables: stores(), info });
engine.dispose();
console.log(JSON.stringify({ assertions: r.assertions, error: r.error?.message, started, main: threadId }));
`);
      await build({
        absWorkingDir: root, entryPoints: [{ in: probe, out: 'probe' }, { in: join(root, 'electron/engine/scripts/worker/entry.ts'), out: 'script-worker' }],
        outdir: join(out, 'dist'), bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'silent',
      });
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [join(out, 'dist', 'probe.js')], { cwd: root, timeout: 60_000 }, (e, so, se) => (e ? reject(new Error(`${e.message}\n${se}`)) : resolve(so)));
      });
      const got = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { assertions: unknown; error?: string; started: number[]; main: number };
      expect(got.error).toBeUndefined();
      expect(got.assertions).toEqual([{ name: 'on the worker', passed: true }]);
      expect(got.started).toHaveLength(1);
      expect(got.started[0]).not.toBe(got.main);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
