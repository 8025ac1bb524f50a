import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptEngine, type ScriptEngine } from '../../../electron/engine/scripts';
import { exchange, info, scriptRequest, stores } from './helpers';

// Both places scripts run: the app's worker thread and the CLI's own thread (inline-host.ts).
describe.each(['worker', 'inline'] as const)('scripts on the %s thread', (thread) => {
  let engine: ScriptEngine;
  beforeAll(async () => { engine = await createScriptEngine({ thread }); });
  afterAll(() => engine.dispose());

  const userJson = JSON.stringify({ id: 7, name: 'Ada', tags: ['a', 'b'], nested: { ok: true } });
  const test = (script: string, over: { status?: number; body?: string; variables?: ReturnType<typeof stores>; iterationData?: Record<string, unknown> } = {}) =>
    engine.runTest({
      script, scriptName: 'test script of request Get user', request: scriptRequest(),
      response: exchange(over.status ?? 200, over.body ?? userJson, [['Content-Type', 'application/json'], ['Set-Cookie', 'sid=s3cr3t; Path=/'], ['X-Rate', '10']]),
      variables: over.variables ?? stores(), info, iterationData: over.iterationData,
    });
  const results = async (script: string, over?: Parameters<typeof test>[1]) => {
    const r = await test(script, over);
    expect(r.error).toBeUndefined();
    return Object.fromEntries(r.assertions.map((a) => [a.name, a.passed]));
  };

  describe('variables', () => {
    it('reads and writes each scope through the host stores, with Postman precedence in pm.variables', async () => {
      const v = stores({ globals: { g: 'G', shared: 'global' }, collection: { c: 'C', shared: 'collection' }, environment: { e: 'E', shared: 'env' } });
      const r = await test(`
        pm.test('scopes', () => {
          pm.expect(pm.globals.get('g')).to.equal('G');
          pm.expect(pm.collectionVariables.get('c')).to.equal('C');
          pm.expect(pm.environment.get('e')).to.equal('E');
          pm.expect(pm.variables.get('shared')).to.equal('env');
          pm.expect(pm.variables.get('row')).to.equal(7);
          pm.variables.set('shared', 'local');
          pm.expect(pm.variables.get('shared')).to.equal('local');
          pm.expect(pm.environment.has('e')).to.be.true;
          pm.expect(pm.environment.has('nope')).to.be.false;
        });
        pm.environment.set('token', 'abc'); pm.environment.set('n', 5); pm.environment.set('o', { a: 1 });
        pm.globals.unset('g'); pm.collectionVariables.set('c2', 'x');
        pm.test('toObject keeps the types set', () => pm.expect(pm.environment.toObject()).to.eql({ e: 'E', shared: 'env', token: 'abc', n: 5, o: { a: 1 } }));
        pm.test('get keeps the types set', () => { pm.expect(pm.environment.get('n')).to.equal(5); pm.expect(pm.environment.get('o')).to.eql({ a: 1 }); });
        pm.test('replaceIn', () => pm.expect(pm.variables.replaceIn('{{e}}-{{shared}}-{{missing}}')).to.equal('E-local-{{missing}}'));
        pm.test('dynamic', () => pm.expect(pm.variables.replaceIn('{{$guid}}')).to.match(/^[0-9a-f-]{36}$/));
      `, { variables: v, iterationData: { row: 7 } });
      expect(r.error).toBeUndefined();
      expect(r.assertions.every((a) => a.passed)).toBe(true);
      expect(r.assertions).toHaveLength(5);
      expect(v.environment.get('token')).toBe('abc');
      // What a {{reference}} to them gives: the text, as Postman's substitution makes it.
      expect(v.environment.get('n')).toBe('5');
      expect(v.environment.get('o')).toBe('[object Object]');
      expect(v.globals.has('g')).toBe(false);
      expect(v.collection.get('c2')).toBe('x');
      expect(v.runtime.get('shared')).toBe('local');
    });

    it('keeps the legacy postman.* setters and environment/globals objects', async () => {
      const v = stores({ environment: { e: 'E' }, globals: { g: 'G' } });
      const r = await results(`postman.setEnvironmentVariable('a', '1'); postman.setGlobalVariable('b', '2');
        tests['env object'] = environment.e === 'E' && globals.g === 'G';
        tests['getter'] = postman.getEnvironmentVariable('a') === '1';`, { variables: v });
      expect(r).toEqual({ 'env object': true, getter: true });
      expect(v.environment.get('a')).toBe('1');
      expect(v.globals.get('b')).toBe('2');
    });
  });

  describe('pm.response and its assertions', () => {
    it('exposes code, status, headers, text, json, time and size', async () => {
      const r = await results(`
        pm.test('code', () => pm.expect(pm.response.code).to.equal(200));
        pm.test('status', () => pm.expect(pm.response.status).to.equal('OK'));
        pm.test('header get is case-insensitive', () => pm.expect(pm.response.headers.get('x-rate')).to.equal('10'));
        pm.test('header has', () => pm.expect(pm.response.headers.has('Content-Type')).to.be.true);
        pm.test('text', () => pm.expect(pm.response.text()).to.include('Ada'));
        pm.test('json', () => pm.expect(pm.response.json().tags).to.eql(['a', 'b']));
        pm.test('time', () => pm.expect(pm.response.responseTime).to.equal(42));
        pm.test('size', () => pm.expect(pm.response.responseSize).to.equal(${Buffer.byteLength(userJson)}));
      `);
      expect(Object.values(r)).toEqual(Array(8).fill(true));
    });

    it('implements to.have/to.be assertions, passing and failing', async () => {
      const r = await results(`
        pm.test('status 200', () => pm.response.to.have.status(200));
        pm.test('status 201 fails', () => pm.response.to.have.status(201));
        pm.test('status text', () => pm.response.to.have.status('OK'));
        pm.test('header', () => pm.response.to.have.header('X-Rate'));
        pm.test('header value', () => pm.response.to.have.header('x-rate', '10'));
        pm.test('header value fails', () => pm.response.to.have.header('x-rate', '11'));
        pm.test('jsonBody', () => pm.response.to.have.jsonBody());
        pm.test('jsonBody path', () => pm.response.to.have.jsonBody('nested.ok'));
        pm.test('jsonBody value', () => pm.response.to.have.jsonBody('tags[1]', 'b'));
        pm.test('jsonBody value fails', () => pm.response.to.have.jsonBody('id', 8));
        pm.test('body', () => pm.response.to.have.body(${JSON.stringify(userJson)}));
        pm.test('ok', () => pm.response.to.be.ok);
        pm.test('success', () => pm.response.to.be.success);
        pm.test('not error', () => pm.response.to.not.be.error);
        pm.test('clientError fails', () => pm.response.to.be.clientError);
        pm.test('not status', () => pm.response.to.not.have.status(404));
      `);
      expect(r).toEqual({
        'status 200': true, 'status 201 fails': false, 'status text': true, header: true, 'header value': true, 'header value fails': false,
        jsonBody: true, 'jsonBody path': true, 'jsonBody value': true, 'jsonBody value fails': false, body: true, ok: true, success: true,
        'not error': true, 'clientError fails': false, 'not status': true,
      });
    });

    it('classifies 4xx and 5xx', async () => {
      expect(await results(`pm.test('c', () => pm.response.to.be.clientError); pm.test('e', () => pm.response.to.be.error); pm.test('ok', () => pm.response.to.be.ok)`, { status: 404 }))
        .toEqual({ c: true, e: true, ok: false });
      expect(await results(`pm.test('s', () => pm.response.to.be.serverError); pm.test('e', () => pm.response.to.be.error)`, { status: 503 })).toEqual({ s: true, e: true });
    });

    it('reports failed assertions with chai messages and keeps running later tests', async () => {
      const r = await test(`pm.test('a', () => pm.expect({ a: 1 }).to.deep.equal({ a: 2 })); pm.test('b', () => { throw new TypeError('bad') }); pm.test('c', () => {});`);
      expect(r.assertions.map((a) => [a.name, a.passed, a.message])).toEqual([
        ['a', false, "AssertionError: expected { a: 1 } to deeply equal { a: 2 }"], ['b', false, 'TypeError: bad'], ['c', true, undefined],
      ]);
    });

    it('waits for async tests, done callbacks and timers', async () => {
      const r = await results(`
        pm.test('async', async () => { await new Promise((r) => setTimeout(r, 5)); pm.expect(1).to.equal(1); });
        pm.test('async fails', async () => { await null; pm.expect(1).to.equal(2); });
        pm.test('done', (done) => { setTimeout(() => { pm.expect(2).to.equal(2); done(); }, 5); });
        pm.test.skip('skipped');
      `);
      expect(r).toEqual({ async: true, 'async fails': false, done: true, skipped: true });
    });

    it("fails a misspelt assertion as Postman's chai does, and carries flags such as not and deep along the whole chain", async () => {
      const r = await test(`
        pm.test('typo', () => pm.response.to.have.stauts(200));
        pm.test('typo at the end', () => pm.expect(true).to.be.tru);
        pm.test('property of a method', () => pm.expect(1).to.equal.foo);
        pm.test('negated', () => pm.response.to.not.have.status(404));
        pm.test('negated fails', () => pm.response.to.not.have.status(200));
        pm.test('deep and negated', () => pm.expect({ a: [1] }).to.not.deep.equal({ a: [2] }).and.to.deep.equal({ a: [1] }));
      `);
      expect(r.assertions.map((a) => [a.name, a.passed, a.message])).toEqual([
        ['typo', false, 'Error: Invalid Chai property: stauts. Did you mean "status"?'],
        ['typo at the end', false, 'Error: Invalid Chai property: tru. Did you mean "true"?'],
        ['property of a method', false, 'Error: Invalid Chai property: equal.foo. See docs for proper usage of "equal".'],
        ['negated', true, undefined],
        ['negated fails', false, 'AssertionError: expected response to not have status code 200'],
        // As in chai itself: a flag stays on for the rest of the chain, past .and.
        ['deep and negated', false, 'AssertionError: expected { a: [ 1 ] } to not deeply equal { a: [ 1 ] }'],
      ]);
    });

    it('finishes a script without await only after the promise jobs it queued, and waits for a promise it returns', async () => {
      // Neither script says await, so each runs as a plain function (prelude/index.ts): what it
      // queued must still run before the execution ends.
      const queued = await results(`Promise.resolve().then(() => pm.test('queued', () => pm.expect(pm.response.code).to.equal(200)));`);
      expect(queued).toEqual({ queued: true });
      const returned = await results(`return new Promise((r) => setTimeout(r, 5)).then(() => { pm.test('after the timer', () => {}); });`);
      expect(returned).toEqual({ 'after the timer': true });
      const rejected = await test(`return Promise.reject(new RangeError('late'));`);
      expect(rejected.error?.message).toContain('RangeError: late');
    });

    it('runs chai BDD chains beyond equality', async () => {
      const r = await results(`pm.test('chains', () => {
        pm.expect([1, 2, 3]).to.have.lengthOf(3).and.include(2);
        pm.expect({ a: { b: 1 } }).to.have.nested.property('a.b', 1);
        pm.expect('abc').to.be.a('string').that.matches(/b/);
        pm.expect(5).to.be.within(1, 10).and.above(4);
        pm.expect(null).to.be.null;
        pm.expect(() => { throw new Error('x'); }).to.throw('x');
        pm.expect({ a: 1, b: 2 }).to.have.all.keys('a', 'b');
        pm.expect([{ id: 1 }]).to.deep.include({ id: 1 });
      })`);
      expect(r).toEqual({ chains: true });
    });
  });

  describe('pm.request, info, cookies, iterationData, execution', () => {
    it('edits the request in pre-request scripts and hands it back in Keyhole shape', async () => {
      const r = await engine.runPreRequest({
        script: `pm.request.headers.add({ key: 'X-Id', value: '1' }); pm.request.headers.upsert({ key: 'accept', value: 'text/plain' });
          pm.request.headers.remove('X-None'); pm.request.url.query.add({ key: 'page', value: '2' });
          pm.request.method = 'post'; pm.request.body.update({ mode: 'raw', raw: '{"a":1}', options: { raw: { language: 'json' } } });
          console.log(pm.request.url.toString(), pm.request.url.getHost(), pm.request.headers.get('X-Id'), pm.request.url.query.get('q'));`,
        scriptName: 'pre-request script of request Get user',
        request: scriptRequest({ url: 'http://api.test:8080/users?q=1' }), variables: stores(), info,
      });
      expect(r.error).toBeUndefined();
      expect(r.request).toEqual({
        method: 'POST', url: 'http://api.test:8080/users',
        query: [{ key: 'q', value: '1', enabled: true }, { key: 'page', value: '2', enabled: true }],
        headers: [{ key: 'Accept', value: 'text/plain', enabled: true }, { key: 'X-Id', value: '1', enabled: true }],
        body: { mode: 'json', text: '{"a":1}' },
      });
      expect(r.logs).toEqual([{ level: 'log', message: 'http://api.test:8080/users?q=1&page=2 api.test 1 1' }]);
    });

    it('leaves an untouched request exactly as stored, {{variables}} unresolved', async () => {
      const request = scriptRequest({ query: [{ key: 'x', value: '{{y}}', enabled: false }], body: { mode: 'form-urlencoded', fields: [{ key: 'a', value: 'b', enabled: true }] } });
      const r = await engine.runPreRequest({ script: `pm.request.url.toString();`, scriptName: 's', request, variables: stores(), info });
      expect(r.request).toEqual(request);
    });

    it('builds pm.request only when read; legacy request and a replaced pm.request still work', async () => {
      const request = scriptRequest({ url: 'http://api.test/a' });
      const untouched = await engine.runPreRequest({ script: `pm.variables.set('k', 'v');`, scriptName: 's', request, variables: stores(), info });
      expect(untouched.request).toBe(request);
      const legacy = await engine.runTest({ script: `tests['legacy url'] = request.url === 'http://api.test/a'; tests['pm url'] = pm.request.url.toString() === 'http://api.test/a';`, scriptName: 's', request, response: exchange(200, '{}'), variables: stores(), info });
      expect(legacy.assertions.map((a) => [a.name, a.passed])).toEqual([['legacy url', true], ['pm url', true]]);
      const replaced = await engine.runTest({ script: `pm.request = { url: 'mine' }; pm.test('replaced', () => pm.expect(pm.request.url).to.equal('mine'));`, scriptName: 's', request, response: exchange(200, '{}'), variables: stores(), info });
      expect(replaced.assertions).toEqual([{ name: 'replaced', passed: true }]);
    });

    it('chains pm.test, and each execution sees only its own iteration data', async () => {
      const first = await engine.runTest({
        script: `pm.test('a', () => {}).test('b', () => {}); pm.iterationData.unset('row'); pm.test('unset here', () => pm.expect(pm.iterationData.has('row')).to.equal(false));`,
        scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info, iterationData: { row: 1 },
      });
      expect(first.assertions.map((a) => [a.name, a.passed])).toEqual([['a', true], ['b', true], ['unset here', true]]);
      const second = await engine.runTest({
        script: `pm.test('own row', () => pm.expect(pm.iterationData.get('row')).to.equal(2)); pm.iterationData.get = () => 'hijacked';`,
        scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info, iterationData: { row: 2 },
      });
      expect(second.assertions).toEqual([{ name: 'own row', passed: true }]);
      const third = await engine.runTest({
        script: `pm.test('not hijacked', () => pm.expect(pm.iterationData.get('row')).to.equal(3));`,
        scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info, iterationData: { row: 3 },
      });
      expect(third.assertions).toEqual([{ name: 'not hijacked', passed: true }]);
    });

    it('keeps a script\'s reassigned pm.environment.get from the next script', async () => {
      const variables = stores({ environment: { who: 'Ada' } });
      await engine.runTest({ script: `pm.environment.get = () => 'hijacked';`, scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables, info });
      const next = await engine.runTest({ script: `pm.test('real value', () => pm.expect(pm.environment.get('who')).to.equal('Ada'));`, scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables, info });
      expect(next.assertions).toEqual([{ name: 'real value', passed: true }]);
    });

    it('replaces the URL from a string and maps form bodies', async () => {
      const r = await engine.runPreRequest({
        script: `pm.request.url = '{{base}}/v2/items?limit=5'; pm.request.body.urlencoded.add({ key: 'c', value: 'd' });`,
        scriptName: 's', request: scriptRequest({ body: { mode: 'form-urlencoded', fields: [{ key: 'a', value: 'b', enabled: true }] } }), variables: stores(), info,
      });
      expect(r.request.url).toBe('{{base}}/v2/items');
      expect(r.request.query).toEqual([{ key: 'limit', value: '5', enabled: true }]);
      expect(r.request.body).toEqual({ mode: 'form-urlencoded', fields: [{ key: 'a', value: 'b', enabled: true }, { key: 'c', value: 'd', enabled: true }] });
    });

    it('gives info, cookies and iteration data', async () => {
      const r = await results(`
        pm.test('info', () => pm.expect(pm.info).to.include({ eventName: 'test', iteration: 0, iterationCount: 2, requestName: 'Get user', requestId: 'req-1' }));
        pm.test('cookie', () => { pm.expect(pm.cookies.get('sid')).to.equal('s3cr3t'); pm.expect(pm.cookies.has('nope')).to.be.false; pm.expect(pm.cookies.toObject()).to.eql({ sid: 's3cr3t' }); });
        pm.test('data', () => { pm.expect(pm.iterationData.get('user')).to.equal('ada'); pm.expect(pm.iterationData.has('n')).to.be.true; pm.expect(pm.iterationData.toObject()).to.eql({ user: 'ada', n: 3 }); pm.expect(data.user).to.equal('ada'); });
      `, { iterationData: { user: 'ada', n: 3 } });
      expect(r).toEqual({ info: true, cookie: true, data: true });
    });

    it('sets the next request and skips a request', async () => {
      expect((await test(`pm.execution.setNextRequest('Delete user')`)).nextRequest).toBe('Delete user');
      expect((await test(`postman.setNextRequest(null)`)).nextRequest).toBeNull();
      expect((await test(`1`)).nextRequest).toBeUndefined();
      const pre = await engine.runPreRequest({ script: `pm.execution.skipRequest()`, scriptName: 's', request: scriptRequest(), variables: stores(), info });
      expect(pre.skip).toBe(true);
    });

    it('keeps the legacy response globals', async () => {
      const r = await results(`tests['body'] = JSON.parse(responseBody).id === 7; tests['code'] = responseCode.code === 200;
        tests['headers'] = responseHeaders['X-Rate'] === '10'; tests['time'] = responseTime === 42; tests['false one'] = false;
        tests['sugar has'] = responseBody.has('"id"') && responseBody.has(/"id":\\s*7/) && !responseBody.has('absent');`);
      expect(r).toEqual({ body: true, code: true, headers: true, time: true, 'false one': false, 'sugar has': true });
    });
  });

  describe('modules and console', () => {
    it('requires the bundled libraries (HMAC checked against node:crypto)', async () => {
      const r = await test(`const _ = require('lodash'); const moment = require('moment'); const CryptoJS = require('crypto-js'); const uuid = require('uuid');
        console.log(_.chunk([1, 2, 3], 2), moment.utc('2024-02-29T10:00:00Z').add(1, 'day').format('YYYY-MM-DD'),
          CryptoJS.HmacSHA256('msg', 'key').toString(), CryptoJS.enc.Base64.stringify(CryptoJS.enc.Utf8.parse('hi')),
          uuid.validate(uuid.v4()), btoa('user:pass'), atob('dXNlcjpwYXNz'), require('chai').expect === pm.expect);`);
      expect(r.error).toBeUndefined();
      expect(r.logs[0]?.message).toBe('[[1,2],[3]] 2024-03-01 2d93cbc1be167bcb1637a4a23cbff01a7878f0c50ee833954ea5221bb1b8c628 aGk= true dXNlcjpwYXNz user:pass true');
    });

    it('captures console levels per script and describes values', async () => {
      const r = await test(`console.info('i', 1); console.warn({ a: [1] }); console.error(new Error('e1')); console.debug(undefined, null);`);
      expect(r.logs.map((l) => l.level)).toEqual(['info', 'warn', 'error', 'debug']);
      expect(r.logs[0]?.message).toBe('i 1');
      expect(r.logs[1]?.message).toBe('{"a":[1]}');
      expect(r.logs[2]?.message).toMatch(/^Error: e1/);
      expect(r.logs[3]?.message).toBe('undefined null');
      expect((await test(`1`)).logs).toEqual([]);
    });
  });
});
