import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptEngine, runPreRequestChain, runTestChain, scriptChain, type ScriptEngine } from '../../../electron/engine/scripts';
import { info, scriptRequest, send, startServer, stores, type TestServer } from './helpers';

// Both places scripts run: the app's worker thread and the CLI's own thread (inline-host.ts).
describe.each(['worker', 'inline'] as const)('scripts on the %s thread', (thread) => {
  let engine: ScriptEngine;
  let server: TestServer;
  beforeAll(async () => { [engine, server] = await Promise.all([createScriptEngine({ thread, asyncTimeoutMs: 2_000 }), startServer()]); });
  afterAll(async () => { engine.dispose(); await server.close(); });

  describe('pm.sendRequest against a local server', () => {
    it('sends with a callback and a promise, string and object forms, and a test reads the real response', async () => {
      const v = stores({ environment: { base: server.url } });
      const pre = await engine.runPreRequest({
        script: `
          pm.sendRequest(pm.environment.get('base') + '/token', (err, res) => {
            pm.environment.set('cb', err ? 'error' : res.json().url + ' ' + res.code);
          });
          const res = await pm.sendRequest({ url: pm.environment.get('base') + '/login', method: 'POST',
            header: [{ key: 'Authorization', value: 'Bearer t0k' }], body: { mode: 'raw', raw: JSON.stringify({ u: 'ada' }), options: { raw: { language: 'json' } } } });
          pm.environment.set('posted', res.json().body);
          pm.environment.set('auth', res.json().auth);
          pm.test('sent response assertions', () => { pm.expect(res).to.have.status(200); pm.expect(res).to.have.header('content-type', 'application/json'); });
          pm.test('a sent response has no .to of its own, as in Postman', () => pm.expect(res.to).to.equal(undefined));
          const form = await pm.sendRequest({ url: pm.environment.get('base') + '/form', method: 'POST', body: { mode: 'urlencoded', urlencoded: [{ key: 'a', value: '1 2' }] } });
          pm.environment.set('form', form.json().body);`,
        scriptName: 'pre-request script of request Login', request: scriptRequest(), variables: v, info, sendRequest: send,
      });
      expect(pre.error).toBeUndefined();
      expect(pre.assertions).toEqual([{ name: 'sent response assertions', passed: true }, { name: 'a sent response has no .to of its own, as in Postman', passed: true }]);
      expect(v.environment.get('cb')).toBe('/token 200');
      expect(v.environment.get('posted')).toBe('{"u":"ada"}');
      expect(v.environment.get('auth')).toBe('Bearer t0k');
      expect(v.environment.get('form')).toBe('a=1+2');
      const login = server.seen.find((s) => s.url === '/login');
      expect(login?.headers['content-type']).toBe('application/json');

      const exchange = await send({ method: 'GET', url: `${server.url}/users/7`, headers: [], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [] });
      const t = await engine.runTest({
        script: `pm.test('real', () => { pm.response.to.have.status(200); pm.expect(pm.response.json().url).to.equal('/users/7'); pm.expect(pm.cookies.get('sid')).to.equal('abc123'); pm.expect(pm.response.responseSize).to.be.above(10); })`,
        scriptName: 'test script of request Get user', request: scriptRequest(), response: exchange, variables: v, info,
      });
      expect(t.assertions).toEqual([{ name: 'real', passed: true }]);
    });

    it('passes transport errors to the callback and rejects the promise', async () => {
      const failing = () => Promise.reject(new Error('connect ECONNREFUSED'));
      const r = await engine.runTest({
        script: `pm.sendRequest('http://127.0.0.1:1/x', (err, res) => { pm.test('cb err', () => { pm.expect(err.message).to.include('ECONNREFUSED'); pm.expect(res).to.equal(null); }); });
          try { await pm.sendRequest('http://127.0.0.1:1/y'); } catch (e) { pm.test('rejected', () => pm.expect(e.message).to.include('ECONNREFUSED')); }`,
        scriptName: 's', request: scriptRequest(), response: await send({ method: 'GET', url: `${server.url}/a`, headers: [], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [] }),
        variables: stores(), info, sendRequest: failing,
      });
      expect(r.error).toBeUndefined();
      expect(r.assertions).toEqual(expect.arrayContaining([{ name: 'rejected', passed: true }, { name: 'cb err', passed: true }]));
      expect(r.assertions).toHaveLength(2);
    });

    it('fails a script waiting on a server that never answers, at the async deadline, and runs the next', async () => {
      const r = await engine.runPreRequest({ script: `await pm.sendRequest('${server.url}/slow')`, scriptName: 'pre-request script of request Slow', request: scriptRequest(), variables: stores(), info, sendRequest: send });
      expect(r.error?.message).toBe('pre-request script of request Slow: still waiting after 2000 ms for pm.sendRequest, timers or async tests');
      const next = await engine.runPreRequest({ script: `pm.variables.set('ok', 'yes')`, scriptName: 's', request: scriptRequest(), variables: stores(), info });
      expect(next.error).toBeUndefined();
    });

    it('refuses sendRequest when the caller gives no sender', async () => {
      const r = await engine.runPreRequest({ script: `pm.sendRequest('http://127.0.0.1:1/')`, scriptName: 'pre-request script of request X', request: scriptRequest(), variables: stores(), info });
      expect(r.error?.message).toBe('pre-request script of request X, line 1: Error: pm.sendRequest is not available here');
    });
  });

  describe('collection, folder and request scripts in Postman order', () => {
    const collection = { name: 'Shop', scripts: { preRequest: `pm.variables.set('order', 'c'); pm.request.headers.add({ key: 'X-Level', value: 'collection' });`, test: `pm.test('collection test', () => pm.expect(pm.variables.get('order')).to.equal('c>outer>inner>r'))` } };
    const folders = [
      { name: 'Outer', scripts: { preRequest: `pm.variables.set('order', pm.variables.get('order') + '>outer')`, test: `pm.test('outer test', () => {}); throw new Error('outer broke')` } },
      { name: 'Inner', scripts: { preRequest: `pm.variables.set('order', pm.variables.get('order') + '>inner'); pm.request.headers.upsert({ key: 'X-Level', value: 'inner' });` } },
    ];
    const request = { name: 'Buy', scripts: { preRequest: `pm.variables.set('order', pm.variables.get('order') + '>r'); console.log(pm.request.headers.get('X-Level'));`, test: `pm.test('request test', () => pm.expect(pm.response.code).to.equal(200))` } };

    it('runs pre-request scripts outer to inner sharing variables and the edited request, then tests in the same order', async () => {
      const v = stores();
      const levels = scriptChain(collection, folders, request);
      const pre = await runPreRequestChain(engine, levels, { request: scriptRequest(), variables: v, info });
      expect(pre.errors).toEqual([]);
      expect(v.runtime.get('order')).toBe('c>outer>inner>r');
      expect(pre.logs).toEqual([{ level: 'log', message: 'inner' }]);
      expect(pre.request.headers.filter((h) => h.key === 'X-Level')).toEqual([{ key: 'X-Level', value: 'inner', enabled: true }]);

      const response = await send({ method: 'GET', url: `${server.url}/buy`, headers: [], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [] });
      const tests = await runTestChain(engine, levels, { request: pre.request, response, variables: v, info });
      expect(tests.assertions.map((a) => [a.name, a.passed])).toEqual([['collection test', true], ['outer test', true], ['request test', true]]);
      expect(tests.errors.map((e) => e.message)).toEqual(['test script of folder Outer, line 1: Error: outer broke']);
    });

    it('stops the pre-request chain at the first failing script', async () => {
      const v = stores();
      const pre = await runPreRequestChain(engine, scriptChain({ name: 'C', scripts: { preRequest: 'nope()' } }, [], request), { request: scriptRequest(), variables: v, info });
      expect(pre.error?.message).toBe("pre-request script of collection C, line 1: ReferenceError: 'nope' is not defined");
      expect(v.runtime.has('order')).toBe(false);
    });
  });
});
