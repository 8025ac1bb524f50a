import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../shared/errors';
import { Collection, Environment, type Folder } from '../../../shared/model';
import { prepare } from '../../../electron/engine/execute/prepare';
import { buildScopes } from '../../../electron/engine/execute/scopes';
import pkg from '../../../package.json';

const dynamic = { now: () => new Date('2026-11-20T09:30:00Z'), random: () => 0.25, uuid: () => 'u-1' };

const collection = Collection.parse({
  name: 'Shop',
  variables: [{ key: 'base', value: 'https://{{host}}' }, { key: 'host', value: 'collection.example' }],
  auth: { type: 'profile', profile: 'Admin' },
  profiles: [{ name: 'Admin' }],
  settings: { timeoutMs: 5000, tls: { verify: true, caFile: '/ca.pem' } },
  items: [],
});
const folder = { name: 'Orders', auth: { type: 'inherit' }, settings: { timeoutMs: 7000, tls: { verify: false } }, items: [] } as Folder;

const staging = Environment.parse({
  name: 'Staging',
  variables: [{ key: 'host', value: 'staging.example' }, { key: 'pw', value: '', secret: true }],
  profiles: { Admin: { type: 'basic', username: 'admin', password: '{{pw}}' } },
});
const production = Environment.parse({ name: 'Production', variables: [{ key: 'host', value: 'prod.example' }], profiles: { Admin: { type: 'bearer', token: 'prod-token-123456789' } } });

function run(env: Environment, request: object, secrets = new Map([['pw', 'staging-secret-pw']])) {
  const scopes = buildScopes({ environment: env, collection, secrets, missingSecrets: new Map([['pw', 'set KEYHOLE_SECRET_STAGING_PW']]) });
  return prepare({ request: { name: 'Create order', method: 'post', url: '{{base}}/orders', query: [], headers: [], body: { mode: 'none' }, auth: { type: 'inherit' }, settings: {}, ...request }, folders: [folder], collection, environment: env, scopes, dynamic });
}

describe('prepare', () => {
  it('binds the same profile slot to different schemes per environment', () => {
    const s = run(staging, {});
    expect(s.request.url).toBe('https://staging.example/orders');
    expect(s.auth).toEqual({ type: 'basic', username: 'admin', password: 'staging-secret-pw', charset: 'utf-8' });
    expect(s.profile).toBe('Admin');
    expect(s.secrets).toContain('staging-secret-pw');
    const p = run(production, {});
    expect(p.request.url).toBe('https://prod.example/orders');
    expect(p.auth.type).toBe('bearer');
    expect(p.secrets).toContain('prod-token-123456789');
  });

  it('an unbound profile is an error naming the profile and the environment', () => {
    const env = Environment.parse({ name: 'Local', profiles: { Reader: { type: 'none' } } });
    try {
      run(env, {});
      expect.unreachable();
    } catch (e) {
      expect((e as KeyholeError).code).toBe('profile-unbound');
      expect((e as KeyholeError).message).toMatch(/"Admin".*"Local"/);
      expect((e as KeyholeError).hint).toContain('Reader');
    }
  });

  it('a missing secret used by the auth profile names the variable and how to provide it', () => {
    try {
      run(staging, {}, new Map());
      expect.unreachable();
    } catch (e) {
      expect((e as KeyholeError).code).toBe('secret-missing');
      expect((e as KeyholeError).message).toContain('{{pw}}');
      expect((e as KeyholeError).message).toContain('auth profile Admin');
      expect((e as KeyholeError).hint).toBe('set KEYHOLE_SECRET_STAGING_PW');
    }
  });

  it('merges settings request > folder > collection field by field', () => {
    const s = run(staging, { settings: { maxRedirects: 2 } });
    expect(s.settings.timeoutMs).toBe(7000);
    expect(s.settings.maxRedirects).toBe(2);
    expect(s.settings.tls).toEqual({ verify: false, caFile: '/ca.pem' });
    expect(s.settings.followRedirects).toBe(true);
  });

  it('builds query, headers and bodies, adding a Content-Type only when none was set', () => {
    const s = run(staging, {
      url: 'staging.example/search?x=1',
      query: [{ key: 'q', value: '{{host}} & more' }, { key: 'off', value: '1', enabled: false }],
      headers: [{ key: 'X-Env', value: '{{host}}' }],
      body: { mode: 'form-urlencoded', fields: [{ key: 'a', value: '1 2' }] },
    });
    expect(s.request.url).toBe('http://staging.example/search?x=1&q=staging.example%20%26%20more');
    expect(s.request.headers).toEqual([['X-Env', 'staging.example'], ['User-Agent', `Keyhole/${pkg.version}`], ['Accept', '*/*'], ['Content-Type', 'application/x-www-form-urlencoded']]);
    expect(s.request.method).toBe('POST');
    expect(s.request.body.kind === 'bytes' && new TextDecoder().decode(s.request.body.data)).toBe('a=1+2');
    const g = run(staging, { headers: [{ key: 'content-type', value: 'application/graphql+json' }], body: { mode: 'graphql', query: '{ me { id } }', variables: '{"a":1}' } });
    expect(g.request.headers).toEqual([['content-type', 'application/graphql+json'], ['User-Agent', `Keyhole/${pkg.version}`], ['Accept', '*/*']]);
    expect(g.request.body.kind === 'bytes' && JSON.parse(new TextDecoder().decode(g.request.body.data))).toEqual({ query: '{ me { id } }', variables: { a: 1 } });
  });

  it('refuses GraphQL variables that are not JSON, naming the request', () => {
    expect(() => run(staging, { body: { mode: 'graphql', query: 'q', variables: '{a:1}' } })).toThrow(/GraphQL variables of request Create order/);
  });

  it('refuses URLs it cannot send', () => {
    expect(() => run(staging, { url: 'ftp://x/y' })).toThrow(/only http: and https:/);
    expect(() => run(staging, { url: '' })).toThrow(/has no URL/);
  });
});
