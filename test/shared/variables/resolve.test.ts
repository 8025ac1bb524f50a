import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../shared/errors';
import { resolveDeep, resolveText, scopeFrom, type Scopes } from '../../../shared/variables';

const fixed = { now: () => new Date('2026-11-20T09:30:00Z'), random: () => 0.5, uuid: () => '00000000-0000-4000-8000-000000000000' };

function scopes(s: Partial<Record<keyof Scopes, Record<string, string>>>): Scopes {
  const out: Scopes = {};
  for (const [k, v] of Object.entries(s)) out[k as keyof Scopes] = scopeFrom(Object.entries(v).map(([key, value]) => ({ key, value })));
  return out;
}

const resolve = (text: string, s: Scopes) => resolveText(text, { scopes: s, dynamic: fixed, where: 'url of request Get user' });

describe('variable resolution', () => {
  it('takes the most specific scope: runtime > environment > collection > globals', () => {
    const s = scopes({ globals: { a: 'g', b: 'g', c: 'g', d: 'g' }, collection: { a: 'c', b: 'c', c: 'c' }, environment: { a: 'e', b: 'e' }, runtime: { a: 'r' } });
    expect(resolve('{{a}}{{b}}{{c}}{{d}}', s).text).toBe('recg');
  });

  it('resolves nested references through other scopes and records what was used', () => {
    const s = scopes({ environment: { host: 'api.{{domain}}', base: 'https://{{host}}/v1' }, globals: { domain: 'example.com' } });
    const r = resolve('{{base}}/users', s);
    expect(r.text).toBe('https://api.example.com/v1/users');
    expect(r.used.map((u) => `${u.name}@${u.scope}`)).toEqual(['base@environment', 'host@environment', 'domain@globals']);
  });

  it('names the variable and where it was used when it resolves to nothing', () => {
    try {
      resolve('Bearer {{token}}', scopes({}));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KeyholeError);
      expect((e as KeyholeError).code).toBe('variable-unresolved');
      expect((e as KeyholeError).message).toContain('{{token}}');
      expect((e as KeyholeError).message).toContain('url of request Get user');
    }
  });

  it('reports a cycle with its chain instead of looping', () => {
    const s = scopes({ environment: { a: '{{b}}', b: 'x{{c}}', c: '{{a}}' } });
    expect(() => resolve('{{a}}', s)).toThrow(/cycle \(a → b → c → a\)/);
  });

  it('fills dynamic values from the given clock and random source', () => {
    const r = resolve('{{$guid}} {{$timestamp}} {{$isoTimestamp}} {{$randomInt}}', scopes({}));
    expect(r.text).toBe('00000000-0000-4000-8000-000000000000 1795167000 2026-11-20T09:30:00.000Z 500');
  });

  it('refuses an unknown dynamic variable', () => {
    expect(() => resolve('{{$nope}}', scopes({}))).toThrow(/Unknown dynamic variable \{\{\$nope\}\}/);
  });

  it('ignores disabled rows, so a disabled override falls through to the next scope', () => {
    const s: Scopes = {
      environment: scopeFrom([{ key: 'a', value: 'env', enabled: false }]),
      globals: scopeFrom([{ key: 'a', value: 'global' }]),
    };
    expect(resolve('{{a}}', s).text).toBe('global');
  });

  it('resolves every string of a nested value and names the field on error', () => {
    const s = scopes({ environment: { user: 'alice' } });
    const out = resolveDeep({ type: 'basic', username: '{{user}}', list: ['{{user}}'] }, { scopes: s, dynamic: fixed, where: 'request Login' });
    expect(out).toEqual({ type: 'basic', username: 'alice', list: ['alice'] });
    expect(() => resolveDeep({ type: 'basic', password: '{{pw}}' }, { scopes: s, dynamic: fixed, where: 'request Login' })).toThrow(/password of request Login/);
  });
});

describe('secrets in scopes', () => {
  it('a missing secret is an error only when used, and says how to provide it', () => {
    const s: Scopes = { environment: new Map([['token', { value: '', secret: true, missing: 'set KEYHOLE_SECRET_TOKEN' }], ['host', { value: 'h' }]]) };
    expect(resolve('{{host}}', s).text).toBe('h');
    try {
      resolve('{{token}}', s);
      expect.unreachable();
    } catch (e) {
      expect((e as KeyholeError).code).toBe('secret-missing');
      expect((e as KeyholeError).hint).toBe('set KEYHOLE_SECRET_TOKEN');
    }
  });

  it('marks secret values as secret in what was used, so printers can mask them', () => {
    const s: Scopes = { environment: new Map([['token', { value: 's3cr3t-value', secret: true }]]) };
    expect(resolve('{{token}}', s).used).toEqual([{ name: 'token', scope: 'environment', secret: true }]);
  });
});

describe('Postman-compatible resolution (issue 18 section 2)', () => {
  it('resolves a name built from another reference', () => {
    const s = scopes({ collection: { n: '2', 'host.2': 'h2', 'v.h2': 'deep' } });
    expect(resolve('{{host.{{n}}}}/{{v.{{host.{{n}}}}}}', s).text).toBe('h2/deep');
  });

  it("in 'literal' mode leaves an undefined name as written and reports it, once per place", () => {
    const seen: string[] = [];
    const r = resolveText('{{a}}-{{missing}}-{{$nope}}-{{missing}}', {
      scopes: scopes({ environment: { a: 'A' } }), dynamic: fixed, where: 'url of request R', unresolved: 'literal',
      onLiteral: (name, where) => seen.push(`${name} @ ${where}`),
    });
    expect(r.text).toBe('A-{{missing}}-{{$nope}}-{{missing}}');
    expect(new Set(seen)).toEqual(new Set(['missing @ url of request R', '$nope @ url of request R']));
  });

  it("in the default 'error' mode still refuses it", () => {
    expect(() => resolve('{{missing}}', scopes({}))).toThrow(KeyholeError);
  });

  it('of duplicate rows, the first enabled one is in force; disabled rows never are', () => {
    const m = scopeFrom([{ key: 'd', value: 'off', enabled: false }, { key: 'd', value: 'first' }, { key: 'd', value: 'second' }, { key: 'x', value: 'x', enabled: false }]);
    expect(m.get('d')?.value).toBe('first');
    expect(m.has('x')).toBe(false);
  });
});
