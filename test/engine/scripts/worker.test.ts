import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
