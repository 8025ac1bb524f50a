// Issue 18 section 2: a collection's unresolvedVariables and semantics settings. Keyhole's own
// collections refuse an undefined {{variable}} and stop at a failing pre-request script; Postman
// imports (literal, postman) send the text as written with a warning, still send a request whose
// pre-request script threw, and run the tests of a request that could not be sent.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection } from '../../../shared/model';
import { openSession } from '../../../electron/engine/session';
import { runCollection, scriptedExecutor, type RequestResult } from '../../../electron/engine/runner';
import { createScriptEngine, type ScriptEngine } from '../../../electron/engine/scripts';
import type { SecretStore } from '../../../electron/engine/secrets';
import { echoHandler, startHttpServer, type HttpTestServer } from '../../servers/http';

let server: HttpTestServer;
let engine: ScriptEngine;
beforeAll(async () => { server = await startHttpServer(echoHandler); engine = await createScriptEngine({ thread: 'inline' }); });
afterAll(async () => { engine.dispose(); await server.close(); });

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };

function collection(over: Partial<Collection>): Collection {
  return Collection.parse({
    name: 'semantics', variables: [{ key: 'base', value: server.url }],
    items: [
      { kind: 'request', name: 'Undefined', url: '{{base}}/u?t={{nowhere}}', headers: [{ key: 'X-Also', value: '{{nowhere}}-{{other}}' }],
        scripts: { test: "pm.test('echoed', () => pm.expect(pm.response.json().url).to.equal('/u?t={{nowhere}}'));" } },
      { kind: 'request', name: 'Throws', url: '{{base}}/t',
        scripts: { preRequest: "pm.request.headers.add({ key: 'X-Before', value: '1' }); throw new Error('boom');", test: "pm.test('sent', () => pm.response.to.have.status(200));" } },
      { kind: 'request', name: 'Refused', url: 'http://127.0.0.1:1/',
        scripts: { test: "pm.test('status 200', () => pm.response.to.have.status(200)); pm.test('no code', () => pm.expect(pm.response.code).to.equal(undefined));" } },
    ],
    ...over,
  });
}

async function run(c: Collection, strictVariables?: boolean): Promise<RequestResult[]> {
  const session = await openSession({ collection: c, secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-semantics-')), env: {}, strictVariables });
  const results: RequestResult[] = [];
  await runCollection({ collection: c, execute: scriptedExecutor({ session, collection: c, engine, iterationCount: 1 }), reporters: [{ onRequest: (r) => { results.push(r); } }] });
  await session.close();
  return results;
}

const scriptVerdicts = (r: RequestResult | undefined) => (r?.assertions ?? []).filter((a) => !a.name.startsWith('status is ')).map((a) => `${a.name}:${a.passed}`);

describe("a collection's unresolvedVariables and semantics", () => {
  it("Keyhole's defaults: the undefined variable refuses the request, a throwing pre-request script stops it, a refused connection runs no test", async () => {
    const [undef, throws, refused] = await run(collection({}));
    expect(undef?.error?.code).toBe('variable-unresolved');
    expect(undef?.error?.message).toContain('{{nowhere}}');
    expect(undef?.exchange).toBeUndefined();
    expect(throws?.error?.message).toMatch(/pre-request script of request Throws.*boom/);
    expect(throws?.exchange).toBeUndefined();
    expect(refused?.error).toBeDefined();
    expect(scriptVerdicts(refused)).toEqual([]);
    expect(server.requests.filter((r) => r.url === '/t')).toHaveLength(0);
  });

  it("Postman's: sent as written with a warning naming each variable, sent despite the throw, tested with an empty response", async () => {
    const [undef, throws, refused] = await run(collection({ unresolvedVariables: 'literal', semantics: 'postman' }));
    expect(scriptVerdicts(undef)).toEqual(['echoed:true']);
    expect(undef?.exchange?.warnings).toEqual([
      '{{nowhere}} is not defined: sent as written in url of request Undefined, headers[0].value of request Undefined',
      '{{other}} is not defined: sent as written in headers[0].value of request Undefined',
    ]);
    const sent = server.requests.find((r) => r.url === '/u?t={{nowhere}}');
    expect(sent?.header('x-also')).toBe('{{nowhere}}-{{other}}');
    // The error is reported and the request fails, but it was sent as the script left it, and tested.
    expect(throws?.passed).toBe(false);
    expect(throws?.error?.message).toMatch(/boom/);
    expect(scriptVerdicts(throws)).toEqual(['sent:true']);
    expect(server.requests.find((r) => r.url === '/t')?.header('x-before')).toBe('1');
    expect(refused?.error?.message).toBeDefined();
    expect(scriptVerdicts(refused)).toEqual(['status 200:false', 'no code:true']);
  });

  it('--strict-variables (the session option) refuses the undefined variable even in a Postman collection', async () => {
    const [undef] = await run(collection({ unresolvedVariables: 'literal', semantics: 'postman' }), true);
    expect(undef?.error?.code).toBe('variable-unresolved');
    expect(undef?.exchange).toBeUndefined();
  });

  it('resolves a variable whose name is built from another ({{host.{{n}}}})', async () => {
    const c = Collection.parse({
      name: 'nested', variables: [{ key: 'n', value: '2' }, { key: 'host.2', value: server.url }],
      items: [{ kind: 'request', name: 'Nested', url: '{{host.{{n}}}}/nested' }],
    });
    const [r] = await run(c);
    expect(r?.error).toBeUndefined();
    expect(r?.exchange?.response.status).toBe(200);
  });
});

describe('sends, as newman counts requests', () => {
  it('counts a Digest round trip as two sends with Postman semantics, one item either way', async () => {
    const { startDigestServer } = await import('../../servers/digest-server');
    const digest = await startDigestServer({ users: { ada: 'pw' }, algorithms: ['MD5'], qop: ['auth'] });
    try {
      const c = (semantics: 'keyhole' | 'postman') => Collection.parse({
        name: 'digest', semantics,
        items: [{ kind: 'request', name: 'Protected', url: `${digest.url}/p`, auth: { type: 'digest', username: 'ada', password: 'pw' } }],
      });
      for (const [semantics, sends] of [['postman', 2], ['keyhole', undefined]] as const) {
        const session = await openSession({ collection: c(semantics), secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-sends-')), env: {} });
        const results: RequestResult[] = [];
        const summary = await runCollection({ collection: c(semantics), execute: scriptedExecutor({ session, collection: c(semantics), engine, iterationCount: 1 }), reporters: [{ onRequest: (r) => { results.push(r); } }] });
        await session.close();
        expect(results[0]?.exchange?.response.status).toBe(200);
        expect(results[0]?.sends).toBe(sends);
        expect(summary.requests).toBe(1);
        expect(summary.sends).toBe(sends ?? 1);
      }
    } finally {
      await digest.close();
    }
  });
});
