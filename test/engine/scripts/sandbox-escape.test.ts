import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptEngine, type ScriptEngine } from '../../../electron/engine/scripts';
import { exchange, info, scriptRequest, stores } from './helpers';

// Both places scripts run: the app's worker thread and the CLI's own thread (inline-host.ts).
describe.each(['worker', 'inline'] as const)('scripts on the %s thread', (thread) => {
  let engine: ScriptEngine;
  // Short limits keep the runaway scripts quick; the defaults (5 s, 64 MB) are the same mechanism.
  beforeAll(async () => { engine = await createScriptEngine({ thread, timeLimitMs: 300, asyncTimeoutMs: 1_000, outputLimitBytes: 1_000 }); });
  afterAll(() => engine.dispose());

  const run = (script: string) => engine.runTest({
    script, scriptName: 'test script of request Probe', request: scriptRequest(), response: exchange(200, '{"ok":true}'), variables: stores(), info,
  });
  /** After any failure the engine must still run an ordinary script normally. */
  async function expectHealthy(): Promise<void> {
    const r = await run(`pm.test('after', () => { pm.expect(pm.response.json().ok).to.equal(true); pm.expect(({}).polluted).to.equal(undefined); pm.expect(typeof escaped).to.equal('undefined'); })`);
    expect(r.error).toBeUndefined();
    expect(r.assertions).toEqual([{ name: 'after', passed: true }]);
  }

  describe('escape attempts', () => {
    it('reaches no host process through the Function constructor', async () => {
      const r = await run(`
        pm.test('ctor', () => pm.expect(this.constructor.constructor('return typeof process')()).to.equal('undefined'));
        pm.test('global', () => pm.expect(Function('return this')().process).to.equal(undefined));
        pm.test('pm ctor', () => pm.expect(pm.constructor.constructor('return typeof require + typeof module + typeof globalThis.process')()).to.equal('undefinedundefinedundefined'));
        this.constructor.constructor('return process')();`);
      expect(r.assertions.every((a) => a.passed)).toBe(true);
      expect(r.assertions).toHaveLength(3);
      expect(r.error?.code).toBe('script-failed');
      expect(r.error?.message).toBe("test script of request Probe, line 5: ReferenceError: 'process' is not defined");
      await expectHealthy();
    });

    it('refuses require of Node modules', async () => {
      for (const mod of ['fs', 'child_process', 'net', 'process']) {
        const r = await run(`require('${mod}')`);
        expect(r.error?.message).toContain(`require('${mod}') is not available in scripts`);
      }
      await expectHealthy();
    });

    it('keeps prototype pollution inside the sandbox and out of the next script', async () => {
      const r = await run(`Object.prototype.polluted = 'yes'; Array.prototype.push = null; globalThis.escaped = 1; JSON.parse = () => 1;
        pm.test('polluted here', () => pm.expect(({}).polluted).to.equal('yes'));`);
      expect(r.error).toBeUndefined();
      expect(r.assertions[0]?.passed).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await expectHealthy();
    });

    it('throws the context away when built-ins are frozen or made non-configurable', async () => {
      const r = await run(`Object.defineProperty(Object.prototype, 'stuck', { value: 1, configurable: false }); Object.freeze(Array.prototype);`);
      expect(r.error).toBeUndefined();
      const next = await run(`pm.test('clean', () => { pm.expect(({}).stuck).to.equal(undefined); pm.expect(Object.isFrozen(Array.prototype)).to.equal(false); })`);
      expect(next.assertions).toEqual([{ name: 'clean', passed: true }]);
    });
  });

  describe('limits', () => {
    it('stops while(true){} at the time limit, uncatchable', async () => {
      const r = await run(`try { while (true) {} } catch (e) { pm.test('caught', () => {}); }`);
      expect(r.error?.code).toBe('script-failed');
      expect(r.error?.message).toBe('test script of request Probe: stopped after running 300 ms (the time limit)');
      expect(r.assertions).toEqual([]);
      await expectHealthy();
    });

    it('keeps what a script asserted and printed before a limit stopped it', async () => {
      const r = await run(`pm.test('before', () => {}); console.log('about to loop'); for (;;) {}`);
      expect(r.error?.message).toContain('(the time limit)');
      expect(r.assertions).toEqual([{ name: 'before', passed: true }]);
      expect(r.logs).toEqual([{ level: 'log', message: 'about to loop' }]);
      await expectHealthy();
    });

    it('fails a script that bends JSON.stringify to forge its results, and the next one runs clean', async () => {
      const r = await run(`pm.test('real', () => pm.expect(1).to.equal(2)); Array.prototype.toJSON = function () { return 'forged'; };`);
      expect(r.error?.message).toContain("the script's results could not be read");
      expect(r.assertions.some((a) => a.passed)).toBe(false);
      await expectHealthy();
    });

    it('stops an async loop in a callback at the same limit', async () => {
      const r = await run(`setTimeout(() => { for (;;) {} }, 1)`);
      expect(r.error?.message).toContain('(the time limit)');
      await expectHealthy();
    });

    it('stops allocating 1 GB at the memory limit', async () => {
      // The default time limit: zero-filling 64 MB takes longer than the short one on a busy machine.
      const roomy = await createScriptEngine({ thread });
      const r = await roomy.runTest({ script: `const chunks = []; for (let i = 0; i < 1024; i++) chunks.push(new Uint8Array(1024 * 1024));`, scriptName: 'test script of request Probe', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info });
      const again = await roomy.runTest({ script: `pm.test('fine', () => pm.expect(new Uint8Array(1024).length).to.equal(1024))`, scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info });
      expect(again.assertions).toEqual([{ name: 'fine', passed: true }]);
      roomy.dispose();
      expect(r.error?.code).toBe('script-failed');
      expect(r.error?.message).toBe('test script of request Probe: ran out of memory (the limit is 64 MB)');
      const big = await run(`new Array(1e9).fill(0)`);
      expect(big.error?.code).toBe('script-failed');
      await expectHealthy();
    });

    it('stops deep recursion with a stack error naming the line', async () => {
      const r = await run(`function f(n) { return f(n + 1) + 1; }\nf(0);`);
      expect(r.error?.message).toMatch(/^test script of request Probe(, line 1)?: (InternalError|RangeError): (stack overflow|Maximum call stack size exceeded)/);
      await expectHealthy();
    });

    it('caps console output across a million calls', async () => {
      // What is tested is the output cap, not speed: a time limit no loaded machine reaches.
      const roomy = await createScriptEngine({ thread, outputLimitBytes: 1_000, timeLimitMs: 120_000 });
      const r = await roomy.runTest({ script: `for (let i = 0; i < 1e6; i++) console.log('line', i);`, scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info });
      roomy.dispose();
      expect(r.error).toBeUndefined();
      const bytes = r.logs.reduce((n, l) => n + l.message.length + 1, 0);
      expect(bytes).toBeLessThan(1_200);
      expect(r.logs.at(-1)).toEqual({ level: 'warn', message: '[console output past 1000 bytes dropped]' });
      await expectHealthy();
    });

    it('fails a never-settling promise at once instead of hanging', async () => {
      const r = await run(`await new Promise(() => {});`);
      expect(r.error?.message).toBe('test script of request Probe: the script awaits a promise that never settles, and nothing is left that could complete it');
      const t = await run(`pm.test('never', (done) => {});`);
      expect(t.error?.message).toContain('an async pm.test or callback never finished');
      await expectHealthy();
    });

    it('fails a script still waiting past the async deadline', async () => {
      const r = await run(`await new Promise((r) => setTimeout(r, 60_000));`);
      expect(r.error?.message).toBe('test script of request Probe: still waiting after 1000 ms for pm.sendRequest, timers or async tests');
      await expectHealthy();
    });

    it('reports syntax errors with their line, without running', async () => {
      const r = await run(`pm.test('x', () => {});\nlet = = 2;`);
      expect(r.error?.message).toMatch(/^test script of request Probe, line 2: SyntaxError: /);
      expect(r.assertions).toEqual([]);
    });
  });
});
