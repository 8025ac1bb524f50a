import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers } from '../../electron/engine/http';
import { runCollection, scriptedExecutor, type RequestResult } from '../../electron/engine/runner';
import { createScriptEngine, type ScriptEngine } from '../../electron/engine/scripts';
import type { SecretStore } from '../../electron/engine/secrets';
import { openSession } from '../../electron/engine/session';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection, Environment } from '../../shared/model';
import { exchange, info, scriptRequest, stores } from '../engine/scripts/helpers';
import { echoHandler, startHttpServer, type HttpTestServer } from '../servers/http';
import { startHttpsServer, type HttpsTestServer } from '../servers/https';

/**
 * Guarantee 8. The escape corpus runs against the real QuickJS engine; pm.sendRequest and the
 * secret checks run through a real session and the runner (scriptedExecutor, the path the CLI and
 * the Runner view use), against servers on 127.0.0.1.
 */
let engine: ScriptEngine;
let scratch: string;
/** A file every escape attempt tries to create: it must never exist. */
let marker: string;
beforeAll(async () => {
  engine = await createScriptEngine({ timeLimitMs: 1_000, asyncTimeoutMs: 1_500, outputLimitBytes: 10_000 });
  scratch = await mkdtemp(join(tmpdir(), 'keyhole-sandbox-'));
  marker = join(scratch, 'escaped');
});
afterAll(async () => {
  engine.dispose();
  await rm(scratch, { recursive: true, force: true });
});

const run = (script: string) => engine.runTest({
  script, scriptName: 'test script of request Probe', request: scriptRequest(), response: exchange(200, '{"ok":true}'), variables: stores(), info,
});

async function expectHealthy(): Promise<void> {
  const r = await run(`pm.test('after', () => { pm.expect(pm.response.json().ok).to.equal(true); pm.expect(typeof escaped).to.equal('undefined'); })`);
  expect(r.error).toBeUndefined();
  expect(r.assertions).toEqual([{ name: 'after', passed: true }]);
}

/** What each escape must leave untouched on the host. */
function expectHostUntouched(): void {
  expect(existsSync(marker)).toBe(false);
  expect((globalThis as Record<string, unknown>).escaped).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('escape corpus', () => {
  const file = () => JSON.stringify(marker);

  it('a static import is a syntax error, not a module load', async () => {
    for (const src of [`import fs from 'fs'; fs.writeFileSync(${file()}, 'x');`, `import { execSync } from 'node:child_process'; execSync('touch ' + ${file()});`, `export const x = 1;`]) {
      const r = await run(src);
      expect(r.error?.code, src).toBe('script-failed');
      expect(r.error?.message, src).toMatch(/SyntaxError/);
    }
    expectHostUntouched();
    await expectHealthy();
  });

  it('dynamic import() of node modules, files and data: URLs rejects inside the sandbox', async () => {
    const r = await run(`
      const targets = ['fs', 'node:fs', 'child_process', 'node:child_process', ${JSON.stringify(`file://${join(process.cwd(), 'package.json')}`)}, 'data:text/javascript,globalThis.escaped=1'];
      for (const t of targets) {
        let outcome = 'nothing';
        try {
          const m = await import(t);
          outcome = 'loaded';
          if (m.writeFileSync) m.writeFileSync(${file()}, 'x');
          if (m.execSync) m.execSync('touch ' + ${file()});
        } catch (e) { outcome = 'refused'; }
        pm.test('import ' + t, () => pm.expect(outcome).to.equal('refused'));
      }`);
    // Either every import rejected (each test passed) or the engine refused import() outright.
    if (r.error) expect(r.error.code).toBe('script-failed');
    else {
      expect(r.assertions).toHaveLength(6);
      expect(r.assertions.filter((a) => !a.passed)).toEqual([]);
    }
    expectHostUntouched();
    await expectHealthy();
  });

  it('require of fs and child_process fails, including through pm and globalThis', async () => {
    for (const src of [
      `require('fs').writeFileSync(${file()}, 'x')`,
      `require('child_process').execSync('touch ' + ${file()})`,
      `globalThis.require('child_process')`,
      `pm.require('fs')`,
      `module.require('fs')`,
      `process.mainModule.require('child_process')`,
      `this.constructor.constructor('return process')().mainModule.require('fs')`,
    ]) {
      const r = await run(src);
      expect(r.error?.code, src).toBe('script-failed');
    }
    expectHostUntouched();
    await expectHealthy();
  });

  it('WebAssembly cannot be compiled or instantiated', async () => {
    // The smallest valid module: magic and version.
    const r = await run(`
      const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
      const attempts = {
        exists: () => typeof WebAssembly !== 'undefined',
        module: () => new WebAssembly.Module(bytes),
        compile: () => WebAssembly.compile(bytes),
        instantiate: () => WebAssembly.instantiate(bytes),
        validate: () => WebAssembly.validate(bytes),
        viaGlobal: () => globalThis['Web' + 'Assembly'].instantiate(bytes),
      };
      for (const [name, f] of Object.entries(attempts)) {
        let ok = false;
        try { const v = await f(); ok = v !== false && v !== undefined; } catch (e) { ok = false; }
        pm.test('wasm ' + name, () => pm.expect(ok).to.equal(false));
      }`);
    expect(r.error).toBeUndefined();
    expect(r.assertions).toHaveLength(6);
    expect(r.assertions.filter((a) => !a.passed)).toEqual([]);
    await expectHealthy();
  });

  it('Error.prepareStackTrace and captureStackTrace give no call sites, host functions or host globals', async () => {
    const r = await run(`
      let frames = null;
      Error.prepareStackTrace = (e, callSites) => { frames = callSites; return 'hooked'; };
      const err = new Error('probe');
      const stack = err.stack;
      pm.test('stack is a string, not host call sites', () => pm.expect(typeof stack).to.equal('string'));
      pm.test('no call-site objects', () => pm.expect(frames === null || frames.every((f) => typeof f.getThis !== 'function' || f.getThis() === undefined || f.getThis() === globalThis)).to.equal(true));
      if (typeof Error.captureStackTrace === 'function') {
        const o = {};
        Error.captureStackTrace(o);
        pm.test('captureStackTrace stays in the sandbox', () => pm.expect(typeof o.stack === 'string' || o.stack === undefined).to.equal(true));
      } else {
        pm.test('captureStackTrace stays in the sandbox', () => {});
      }
      // A thrown host error (a bad pm call) must not carry a host realm either.
      let hostErr = null;
      try { pm.environment.set(Symbol('x'), 1); } catch (e) { hostErr = e; }
      try { pm.sendRequest(null); } catch (e) { hostErr = hostErr || e; }
      const ctor = hostErr && hostErr.constructor && hostErr.constructor.constructor;
      pm.test('host error realm is the sandbox', () => pm.expect(!ctor || typeof ctor('return typeof process')() === 'string' && ctor('return typeof process')() === 'undefined').to.equal(true));
      pm.test('stack text names no host file', () => pm.expect(String(stack) + String(hostErr && hostErr.stack)).not.to.match(/node:internal|node_modules|\\.js:\\d+:\\d+\\)/));`);
    expect(r.error).toBeUndefined();
    expect(r.assertions.map((a) => [a.name, a.passed])).toEqual([
      ['stack is a string, not host call sites', true], ['no call-site objects', true], ['captureStackTrace stays in the sandbox', true],
      ['host error realm is the sandbox', true], ['stack text names no host file', true],
    ]);
    expectHostUntouched();
    await expectHealthy();
  });

  it('walking every object reachable from pm, console and the timers reaches no host function or global', async () => {
    // Breadth-first over own properties and prototypes; each function's constructor is asked for
    // its global, which must be the sandbox's (no process, require, Buffer, module).
    const r = await run(`
      const roots = { pm, console, setTimeout, clearTimeout, globalThis };
      const seen = new Set();
      const queue = Object.entries(roots).map(([k, v]) => [k, v]);
      const bad = [];
      let visited = 0;
      const HOST = ['process', 'require', 'Buffer', 'module', 'global', '__dirname'];
      while (queue.length > 0 && visited < 5000) {
        const [path, v] = queue.shift();
        if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) continue;
        seen.add(v);
        visited++;
        if (typeof v === 'function') {
          try {
            const g = v.constructor('return this')();
            for (const h of HOST) if (g && typeof g[h] !== 'undefined') bad.push(path + ' -> ' + h);
          } catch (e) { /* a constructor that refuses is fine */ }
        }
        let keys = [];
        try { keys = Object.getOwnPropertyNames(v); } catch (e) { keys = []; }
        for (const k of keys) {
          let child;
          try { const d = Object.getOwnPropertyDescriptor(v, k); child = d && ('value' in d ? d.value : d.get); } catch (e) { continue; }
          queue.push([path + '.' + k, child]);
        }
        try { queue.push([path + '.__proto__', Object.getPrototypeOf(v)]); } catch (e) {}
      }
      for (const h of HOST) if (typeof globalThis[h] !== 'undefined') bad.push('globalThis.' + h);
      pm.test('walked ' + (visited > 100 ? 'many' : visited) + ' objects', () => {});
      pm.test('no host reached', () => pm.expect(bad).to.deep.equal([]));`);
    expect(r.error).toBeUndefined();
    expect(r.assertions).toEqual([{ name: 'walked many objects', passed: true }, { name: 'no host reached', passed: true }]);
    expectHostUntouched();
    await expectHealthy();
  });
});

// ---------------------------------------------------------------------------------------------
// Through a session and the runner: the rest of the run goes on, pm.sendRequest obeys rules 1 and
// 2, and a run in one environment cannot read another's secrets.

let a: HttpTestServer;
let b: HttpTestServer;
let tlsServer: HttpsTestServer;
beforeAll(async () => {
  a = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://a');
    if (url.pathname === '/start') res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    else echoHandler(req, res);
  });
  b = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://b');
    if (url.pathname === '/bounce') res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    else echoHandler(req, res);
  });
  tlsServer = await startHttpsServer(echoHandler, { selfSigned: true });
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([a.close(), b.close(), tlsServer.close()]);
});

/** A secret store holding both environments' secrets, as the desktop's store would. */
function storeOf(values: Record<string, Record<string, string>>): SecretStore {
  return {
    get: async (env, key) => values[env]?.[key],
    set: async () => {}, delete: async () => {}, describe: () => 'the test store',
  };
}

async function runScripted(collection: Collection, opts: { envs?: Environment[]; environment?: string; store?: SecretStore } = {}): Promise<RequestResult[]> {
  const dir = await mkdtemp(join(scratch, 'ws-'));
  const store = opts.store ?? storeOf({});
  await saveCollection(dir, collection);
  for (const e of opts.envs ?? []) await saveEnvironment(dir, e, { ...store, set: async () => {} });
  const session = await openSession({ collectionDir: dir, environment: opts.environment, secrets: store, tempDir: scratch });
  const scriptEngine = await createScriptEngine({ timeLimitMs: 1_000, asyncTimeoutMs: 5_000 });
  const results: RequestResult[] = [];
  try {
    await runCollection({
      collection: session.collection, environment: opts.environment,
      execute: scriptedExecutor({ session, collection: session.collection, engine: scriptEngine, iterationCount: 1 }),
      reporters: [{ onRequest: (r) => { results.push(r); } }],
    });
  } finally {
    scriptEngine.dispose();
    await session.close();
  }
  return results;
}

describe('a failing or hostile script leaves the rest of the run going', () => {
  it('escape attempts, a runaway loop and a never-settling promise in early requests; the later ones run and pass', async () => {
    const ok = (name: string) => ({ kind: 'request', name, url: `${a.url}/echo/${name}`, scripts: { test: `pm.test('${name} ok', () => pm.response.to.have.status(200));` } });
    const results = await runScripted(Collection.parse({
      name: 'hostile',
      items: [
        { kind: 'request', name: 'escape', url: `${a.url}/echo/escape`, scripts: { preRequest: `this.constructor.constructor('return process')().exit(1)` } },
        ok('second'),
        { kind: 'request', name: 'loop', url: `${a.url}/echo/loop`, scripts: { test: 'for (;;) {}' } },
        { kind: 'request', name: 'wasm', url: `${a.url}/echo/wasm`, scripts: { test: 'await import("child_process"); WebAssembly.instantiate(new Uint8Array(8));' } },
        { kind: 'request', name: 'never', url: `${a.url}/echo/never`, scripts: { test: 'await new Promise(() => {})' } },
        ok('last'),
      ],
    }));
    expect(results.map((r) => [r.path, r.passed])).toEqual([
      ['escape', false], ['second', true], ['loop', false], ['wasm', false], ['never', false], ['last', true],
    ]);
    for (const r of results.filter((x) => !x.passed)) expect(r.error?.code ?? r.assertions.find((x) => !x.passed)?.name, r.path).toBeDefined();
    expect(results.find((r) => r.path === 'last')?.assertions).toContainEqual({ name: 'last ok', passed: true });
    expectHostUntouched();
  }, 30_000);
});

describe('pm.sendRequest obeys guarantee 1 (credentials stay on their origin)', () => {
  it('a redirect from A to B strips Authorization, Cookie and URL credentials; returning to A does not restore them', async () => {
    const aBefore = a.requests.length;
    const bBefore = b.requests.length;
    const chain = `${a.url}/start?to=${encodeURIComponent(`${b.url}/bounce?to=${encodeURIComponent(`${a.url}/echo/back`)}`)}`;
    const withUserinfo = chain.replace('http://', 'http://user:sr-userinfo-S3CRET@');
    const results = await runScripted(Collection.parse({
      name: 'send',
      items: [{
        kind: 'request', name: 'probe', url: `${a.url}/echo/probe`,
        scripts: { preRequest: `
          const res = await pm.sendRequest({ url: ${JSON.stringify(chain)}, header: { Authorization: 'Bearer sr-bearer-S3CRET', Cookie: 'sid=sr-cookie-S3CRET', 'Proxy-Authorization': 'Basic sr-proxy-S3CRET' } });
          pm.test('chain ended at A', () => pm.expect(res.code).to.equal(200));
          const res2 = await pm.sendRequest(${JSON.stringify(withUserinfo)});
          pm.test('userinfo chain ended at A', () => pm.expect(res2.code).to.equal(200));` },
      }],
    }));
    expect(results[0]?.assertions.filter((x) => !x.passed)).toEqual([]);
    expect(results[0]?.assertions.map((x) => x.name)).toEqual(expect.arrayContaining(['chain ended at A', 'userinfo chain ended at A']));
    const atA = a.requests.slice(aBefore);
    const atB = b.requests.slice(bBefore);
    const first = atA.find((r) => r.url.startsWith('/start') && r.header('authorization')?.includes('sr-bearer'));
    expect(first, 'the first hop to A carries the credentials').toBeDefined();
    expect(first?.header('cookie')).toContain('sr-cookie-S3CRET');
    expect(atA.some((r) => r.url.startsWith('/start') && r.header('authorization') === `Basic ${Buffer.from('user:sr-userinfo-S3CRET').toString('base64')}`)).toBe(true);
    expect(atB).toHaveLength(2);
    const wire = (rs: typeof atB) => rs.map((r) => `${r.url}\n${r.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}`).join('\n');
    expect(wire(atB)).not.toMatch(/S3CRET|authorization|cookie/i);
    expect(wire(atA.filter((r) => r.url.startsWith('/echo/back')))).not.toMatch(/S3CRET|authorization|cookie/i);
  });
});

describe('pm.sendRequest obeys guarantee 2 (TLS verified)', () => {
  it('a self-signed HTTPS server is refused by default, and the server sees no request', async () => {
    const before = tlsServer.requests.length;
    const results = await runScripted(Collection.parse({
      name: 'tls',
      items: [{
        kind: 'request', name: 'probe', url: `${a.url}/echo/tls`,
        scripts: { preRequest: `
          let failure = null;
          try { await pm.sendRequest(${JSON.stringify(`${tlsServer.url}/echo`)}); } catch (e) { failure = String(e && e.message || e); }
          pm.test('refused', () => pm.expect(failure).to.be.a('string'));
          pm.test('says why', () => pm.expect(failure).to.match(/certificate|self[- ]signed|verify/i));` },
      }],
    }));
    expect(results[0]?.assertions.filter((x) => x.name !== 'status is below 400').map((x) => [x.name, x.passed])).toEqual([['refused', true], ['says why', true]]);
    expect(tlsServer.requests.length).toBe(before);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });
});

describe('a run in one environment cannot read another environment\'s secrets', () => {
  const OTHER = 'prod-only-S3CRET-4f1d';
  const OTHER_PROFILE = 'prod-profile-S3CRET-9a2c';
  // Saved with their values so the files record them as kept in the store (the store's set is a no-op here).
  const envs = [
    Environment.parse({ name: 'Staging', variables: [{ key: 'base', value: 'x' }, { key: 'mine', value: 'staging-S3CRET-11aa', secret: true }], profiles: { Main: { type: 'bearer', token: 'staging-profile-S3CRET' } } }),
    Environment.parse({ name: 'Prod', variables: [{ key: 'prodSecret', value: OTHER, secret: true }, { key: 'mine', value: 'prod-mine-S3CRET-22bb', secret: true }], profiles: { Main: { type: 'bearer', token: OTHER_PROFILE } } }),
  ];
  const store = storeOf({
    Staging: { mine: 'staging-S3CRET-11aa', 'Main.token': 'staging-profile-S3CRET' },
    Prod: { prodSecret: OTHER, mine: 'prod-mine-S3CRET-22bb', 'Main.token': OTHER_PROFILE },
  });

  it('no pm.* call, {{variable}} or sendRequest of a Staging run yields a Prod secret', async () => {
    const before = a.requests.length;
    const probe = `
      const tries = {
        env: pm.environment.get('prodSecret'), vars: pm.variables.get('prodSecret'), globals: pm.globals.get('prodSecret'),
        coll: pm.collectionVariables.get('prodSecret'), replace: pm.variables.replaceIn('{{prodSecret}}'),
        envObj: JSON.stringify(pm.environment.toObject()), varsObj: JSON.stringify(pm.variables.toObject()),
        envName: pm.environment.name, mine: pm.environment.get('mine'),
      };
      try { pm.environment.name = 'Prod'; } catch (e) {}
      tries.afterRename = pm.environment.get('prodSecret') + '|' + pm.environment.get('mine');
      try { tries.switched = String(pm.environment.use && pm.environment.use('Prod')); } catch (e) { tries.switched = 'refused'; }
      const res = await pm.sendRequest(${JSON.stringify(`${a.url}/echo/send?x={{prodSecret}}`)});
      tries.sent = res.text();
      pm.test('secrets of Prod are not reachable', () => pm.expect(JSON.stringify(tries)).not.to.include(${JSON.stringify(OTHER.slice(0, 9))}));
      pm.test('own secret is readable (so the probe works)', () => pm.expect(tries.mine).to.equal('staging-S3CRET-11aa'));
      console.log(JSON.stringify(tries));`;
    const results = await runScripted(Collection.parse({
      name: 'envs', profiles: [{ name: 'Main' }],
      items: [
        { kind: 'request', name: 'probe', url: `${a.url}/echo/probe`, auth: { type: 'profile', profile: 'Main' }, scripts: { preRequest: probe } },
        { kind: 'request', name: 'template', url: `${a.url}/echo/template`, headers: [{ key: 'X-Other', value: '{{prodSecret}}' }] },
      ],
    }), { envs, environment: 'Staging', store });
    expect(results[0]?.error).toBeUndefined();
    expect(results[0]?.assertions.filter((x) => x.name !== 'status is below 400').map((x) => [x.name, x.passed])).toEqual([
      ['secrets of Prod are not reachable', true], ['own secret is readable (so the probe works)', true],
    ]);
    // {{prodSecret}} is unknown in Staging: the request is refused before sending, naming the variable.
    expect(results[1]?.error?.message).toContain('prodSecret');
    const wire = a.requests.slice(before).map((r) => `${r.url}\n${r.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}`).join('\n');
    expect(wire).toContain('Bearer staging-profile-S3CRET');
    expect(wire).not.toContain(OTHER);
    expect(wire).not.toContain(OTHER_PROFILE);
    expect(wire).not.toContain('prod-mine-S3CRET');
    expect(JSON.stringify(results)).not.toContain(OTHER);
  });
});

describe('the host stays responsive while a runaway script runs (SECURITY.md §8)', () => {
  // QuickJS runs on the script engine's worker thread: a `for (;;) {}` spends that thread's time
  // until the time limit interrupts it, while the host's event loop (the app's IPC, the CLI's
  // timers) keeps turning. Shown by order, not by counting ticks in a time window: the script
  // starts first, the host turns its loop ten times, and only then is the script stopped. A script
  // on the host's thread would block it before the first timer could fire, until its time limit.
  it('the host\'s event loop turns while a runaway loop runs, until the script is stopped', async () => {
    const looping = await createScriptEngine({ timeLimitMs: 20_000 });
    const events: string[] = [];
    try {
      const run = looping.runTest({ script: 'for (;;) {}', scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info })
        .then((r) => { events.push('script ended'); return r; });
      const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 1));
      for (let i = 0; i < 10; i++) { await turn(); events.push('host turned'); }
      looping.dispose();
      const r = await run;
      expect(r.error?.message).toContain('disposed');
    } finally {
      looping.dispose();
    }
    expect(events).toEqual([...Array.from({ length: 10 }, () => 'host turned'), 'script ended']);
  });
});

describe('the default limits', () => {
  it('stop a runaway loop at the 1 s default time limit', async () => {
    const defaults = await createScriptEngine();
    try {
      const r = await defaults.runTest({ script: 'for (;;) {}', scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info });
      expect(r.error?.message).toContain('stopped after running 1000 ms (the time limit)');
    } finally {
      defaults.dispose();
    }
  });
});
