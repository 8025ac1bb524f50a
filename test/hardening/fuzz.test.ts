import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveAuth } from '../../electron/engine/execute/auth-chain';
import { KeyholeError } from '../../shared/errors';
import { parseCurl, parseHar, parseInsomnia, parsePostmanCollection, readInput, shellWords } from '../../shared/importers';
import { parseChallenges } from '../../shared/inspector/challenge';
import { harToExchanges } from '../../shared/inspector/har';
import { decodeToken } from '../../shared/inspector/jwt';
import { Collection, Environment } from '../../shared/model';
import { resolveDeep, resolveText, scopeFrom } from '../../shared/variables';
import { INJECTIONS, POISON_KEYS, TARGETS, mustNotCrash, polluted, prototypeSnapshot } from './fuzz-targets';

/**
 * Guarantee 6: malformed and hostile input never crashes (only KeyholeError escapes), never hangs,
 * never pollutes a prototype and never executes. KEYHOLE_FUZZ_RUNS sets the runs per target
 * (200 here; `npm run fuzz` runs 20,000).
 */
const RUNS = Number(process.env.KEYHOLE_FUZZ_RUNS ?? 200);
const MB10 = 10 * 1024 * 1024;

describe(`property: no crash, no pollution (${RUNS} runs per target)`, () => {
  for (const target of TARGETS) {
    it(target.name, async () => {
      const before = prototypeSnapshot();
      await fc.assert(fc.asyncProperty(target.arbitrary, async (input) => {
        await mustNotCrash(() => target.run(input));
        expect(polluted(before)).toBeUndefined();
      }), { numRuns: RUNS });
    }, 120_000);
  }
});

/** The same structure nested `depth` times, built without recursion. */
function nest(open: string, close: string, inner: string, depth: number): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}
const POSTMAN_HEAD = '{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},';

describe('deep nesting (10,000 levels) ends in a result or a KeyholeError', () => {
  const DEEP = 10_000;
  const documents: [string, string][] = [
    ['arrays', nest('[', ']', '1', DEEP)],
    ['objects', nest('{"a":', '}', '1', DEEP)],
    ['objects with __proto__ keys', nest('{"__proto__":', '}', '{"polluted":true}', DEEP)],
    ['Postman folders', `${POSTMAN_HEAD}"item":${nest('[{"name":"f","item":', '}]', '[]', DEEP)}}`],
    ['Postman folder auth', `${POSTMAN_HEAD}"item":[{"name":"r","request":{"url":"http://127.0.0.1:1/","auth":${nest('{"type":"bearer","bearer":', '}', '[]', DEEP)}}}]}`],
    ['OpenAPI schema', `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/x":{"post":{"requestBody":{"content":{"application/json":{"schema":${nest('{"type":"object","properties":{"a":', '}}', '{"type":"string"}', DEEP)}}}}}}}}`],
    ['Insomnia groups', `{"_type":"export","__export_format":4,"resources":[{"_id":"wrk","_type":"workspace","name":"w"},${Array.from({ length: DEEP }, (_, i) => `{"_id":"fld_${i}","_type":"request_group","parentId":"${i === 0 ? 'wrk' : `fld_${i - 1}`}","name":"g"}`).join(',')},{"_id":"req","_type":"request","parentId":"fld_${DEEP - 1}","name":"r","url":"http://127.0.0.1:1/","method":"GET"}]}`],
    ['HAR entries', `{"log":{"version":"1.2","entries":[{"request":${nest('{"a":', '}', '1', DEEP)},"response":{}}]}}`],
    ['YAML flow sequences', nest('[', ']', 'a', DEEP)],
    ['Postman folders just under the depth limit', `${POSTMAN_HEAD}"item":${nest('[{"name":"f","item":', '}]', '[]', 120)}}`],
    ['OpenAPI schema just under the depth limit', `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/x":{"post":{"requestBody":{"content":{"application/json":{"schema":${nest('{"type":"object","properties":{"a":', '}}', '{"type":"string"}', 120)}}}}}}}}`],
    ['YAML block mappings', Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
  ];
  for (const [what, text] of documents) {
    it(what, async () => {
      const before = prototypeSnapshot();
      for (const target of TARGETS) await mustNotCrash(() => target.run(text));
      expect(polluted(before)).toBeUndefined();
    }, 120_000);
  }
});

describe('10 MB segments end, without crashing', () => {
  const big = 'A'.repeat(MB10);
  it('variable resolution: counted scope lookups grow linearly, nested references included', () => {
    /** A scope that counts its lookups: the work resolution does, without a clock. */
    class CountingMap<K, V> extends Map<K, V> {
      gets = 0;
      override get(key: K): V | undefined {
        this.gets += 1;
        return super.get(key);
      }
    }
    const lookups = (n: number): number => {
      const env = new CountingMap<string, { value: string; secret: boolean }>([['x', { value: '{{y}}', secret: false }], ['y', { value: 'v', secret: false }]]);
      resolveText('{{x}}-'.repeat(n), { scopes: { environment: env }, dynamic: { now: () => new Date(0), random: () => 0, uuid: () => 'u' }, where: 'x' });
      return env.gets;
    };
    expect(lookups(40_000) / lookups(10_000)).toBeLessThanOrEqual(4);
  });

  const cases: [string, () => unknown][] = [
    ['a 10 MB Postman request name', () => parsePostmanCollection(readInput(`${POSTMAN_HEAD}"item":[{"name":"${big}","request":{"url":"http://127.0.0.1:1/"}}]}`))],
    ['a 10 MB cURL -d argument', () => parseCurl(readInput(`curl http://127.0.0.1:1/ -d '${big}'`))],
    ['a 10 MB unterminated cURL quote', () => shellWords(`curl '${big}`)],
    ['a 10 MB JWT segment', () => decodeToken(`eyJhbGciOiJub25lIn0.${big}.`, { at: new Date(0) })],
    ['a 10 MB WWW-Authenticate value', () => parseChallenges(`Digest realm="${big}`)],
    ['a 10 MB token68', () => parseChallenges(`Bearer ${big}`)],
    ['a 10 MB HAR body', () => harToExchanges(`{"log":{"version":"1.2","entries":[{"request":{"method":"POST","url":"http://127.0.0.1:1/","headers":[],"postData":{"text":"${big}"}},"response":{"status":200,"headers":[],"content":{"text":"${big}"}}}]}}`)],
    ['a 10 MB HAR import', () => parseHar(readInput(`{"log":{"version":"1.2","entries":[{"request":{"method":"POST","url":"http://127.0.0.1:1/${big}","headers":[]},"response":{"status":200}}]}}`))],
    ['a 10 MB variable reference', () => resolveText(`{{${big}}}`, { scopes: {}, dynamic: { now: () => new Date(0), random: () => 0, uuid: () => 'u' }, where: 'fuzz' })],
    ['10 MB of YAML', () => readInput(`a: ${big}\n`)],
  ];
  for (const [what, run] of cases) {
    it(what, async () => {
      await mustNotCrash(run);
    }, 60_000);
  }
});

describe('OpenAPI $refs', () => {
  it('external and file $refs are never read; a self-referencing schema imports', async () => {
    const { importText } = await import('../../electron/engine/importers');
    for (const ref of ['file:///etc/passwd', '/etc/passwd', '../../../../etc/passwd', 'http://127.0.0.1:1/x.json', '#/components/schemas/loop']) {
      const doc = {
        openapi: '3.0.0', info: { title: 't', version: '1' },
        paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: { $ref: ref } } } } } } },
        components: { schemas: { loop: { type: 'object', properties: { self: { $ref: '#/components/schemas/loop' } } } } },
      };
      const out = await importText(JSON.stringify(doc)).then((r) => JSON.stringify(r), (e: unknown) => {
        expect(e).toBeInstanceOf(KeyholeError);
        return JSON.stringify(e);
      });
      expect(out).not.toMatch(/root:.*:0:0:/);
    }
  });
});

describe('template injection is a name, never code', () => {
  const hit = globalThis as { __keyholeInjected?: unknown };
  const dynamic = { now: () => new Date(0), random: () => 0, uuid: () => 'u' };

  it('resolution refuses unknown names like constructor.constructor(...)() and evaluates nothing', () => {
    for (const text of [...INJECTIONS, "{{constructor.constructor('globalThis.__keyholeInjected = 1')()}}", '{{__proto__.polluted}}']) {
      try {
        const r = resolveText(text, { scopes: { environment: scopeFrom([]) }, dynamic, where: 'request Fuzz' });
        // Only texts without a {{name}} come back, unchanged.
        expect(r.text).toBe(text);
      } catch (e) {
        expect(e).toBeInstanceOf(KeyholeError);
        expect((e as KeyholeError).code).toMatch(/variable-unresolved|variable-cycle/);
      }
    }
    expect(hit.__keyholeInjected).toBeUndefined();
  });

  it('a variable named like prototype machinery resolves to its own value, not to Object.prototype', () => {
    const scopes = { environment: scopeFrom(POISON_KEYS.concat('toString').map((key) => ({ key, value: `v-${key}`, enabled: true, secret: false }))) };
    expect(resolveText('{{constructor}} {{__proto__}} {{prototype}} {{toString}}', { scopes, dynamic, where: 'x' }).text).toBe('v-constructor v-__proto__ v-prototype v-toString');
    expect(() => resolveText('{{hasOwnProperty}}', { scopes, dynamic, where: 'x' })).toThrow(expect.objectContaining({ code: 'variable-unresolved' }));
  });

  it('an Insomnia export full of template tags imports as text and resolves nothing', async () => {
    const doc = {
      _type: 'export', __export_format: 4,
      resources: [
        { _id: 'wrk', _type: 'workspace', name: 'w' },
        { _id: 'req', _type: 'request', parentId: 'wrk', name: 'r', method: 'GET', url: "{{ _.constructor.constructor('globalThis.__keyholeInjected = 2')() }}", headers: [{ name: 'X', value: "{% require 'child_process' %}" }] },
      ],
    };
    const result = await parseInsomnia(readInput(JSON.stringify(doc)));
    const req = result.collection?.items[0];
    expect(req?.kind).toBe('request');
    const r = req as { url: string; headers: unknown[] };
    expect(() => resolveDeep({ url: r.url, headers: r.headers }, { scopes: {}, dynamic, where: 'request r' }, [])).toThrow(KeyholeError);
    expect(hit.__keyholeInjected).toBeUndefined();
  });

  it('an auth profile named constructor, __proto__ or toString is unbound, not Object.prototype\'s member', () => {
    const collection = Collection.parse({ name: 'c' });
    const environment = Environment.parse({ name: 'dev' });
    for (const profile of [...POISON_KEYS, 'toString', 'hasOwnProperty']) {
      expect(() => effectiveAuth({ type: 'profile', profile }, [], collection, environment, 'r'), profile).toThrow(expect.objectContaining({ code: 'profile-unbound' }));
    }
  });
});

