import { describe, expect, it } from 'vitest';
import { exportBindings, exportPostman } from '../../../electron/engine/exporters';
import { isKeyholeError } from '../../../shared/errors';
import { Collection, Environment } from '../../../shared/model';

const collection = Collection.parse({
  name: 'Shop',
  profiles: [{ name: 'Admin' }, { name: 'Key' }],
  auth: { type: 'profile', profile: 'Key' },
  items: [{ kind: 'folder', name: 'Admin', items: [{ kind: 'request', name: 'Report', url: '{{base}}/report', auth: { type: 'profile', profile: 'Admin' } }] }],
});
const env = (name: string, profiles: Record<string, unknown>): Environment => Environment.parse({ name, variables: [{ key: 'base', value: `https://${name.toLowerCase()}.test` }], profiles });
const key = { type: 'apikey', key: 'X-API-Key', value: '{{apiKey}}' };
const basic = { type: 'basic', username: '{{user}}', password: '{{password}}' };

function needed(f: () => unknown): { environments?: unknown; profiles?: unknown } {
  try {
    f();
  } catch (e) {
    if (isKeyholeError(e) && e.code === 'environment-needed') return e.details ?? {};
    throw e;
  }
  throw new Error('no environment-needed error');
}

describe('exportBindings', () => {
  it('uses the environment asked for, by name in any case, and the only environment when none is', () => {
    const staging = env('Staging', { Admin: basic, Key: key });
    const prod = env('Production', { Admin: { type: 'bearer', token: '{{t}}' }, Key: key });
    expect(exportBindings(collection, [staging, prod], 'staging').environment?.name).toBe('Staging');
    expect(exportBindings(collection, [staging, prod], 'PRODUCTION').environment?.name).toBe('Production');
    expect(exportBindings(collection, [staging]).environment?.name).toBe('Staging');
    expect(() => exportBindings(collection, [staging, prod], 'qa')).toThrow(expect.objectContaining({ code: 'environment-unknown', hint: 'Known environments: Staging, Production.' }));
  });

  it('without one: the bindings every environment shares, same scheme and same templates', () => {
    const r = exportBindings(collection, [env('Staging', { Admin: basic, Key: key }), env('Production', { Admin: basic, Key: key })]);
    expect(r.environment).toBeUndefined();
    expect(r.sharedProfiles).toEqual({ Admin: Environment.parse({ name: 'x', profiles: { a: basic } }).profiles.a, Key: Environment.parse({ name: 'x', profiles: { a: key } }).profiles.a });
    const doc = JSON.parse(exportPostman(collection, r).output) as { auth: unknown; item: { item: { request: { auth: unknown } }[] }[] };
    expect(doc.auth).toMatchObject({ type: 'apikey' });
    expect(doc.item[0]?.item[0]?.request.auth).toMatchObject({ type: 'basic', basic: expect.arrayContaining([{ key: 'password', value: '{{password}}', type: 'string' }]) });
  });

  it('names the environments to choose from when a used profile differs: other scheme, other template, or unbound somewhere', () => {
    const staging = env('Staging', { Admin: basic, Key: key });
    expect(needed(() => exportBindings(collection, [staging, env('Production', { Admin: { ...basic, username: 'root' }, Key: key })])))
      .toEqual({ environments: ['Staging', 'Production'], profiles: ['Admin'] });
    expect(needed(() => exportBindings(collection, [staging, env('Production', { Admin: basic, Key: { ...key, in: 'query' } })])))
      .toEqual({ environments: ['Staging', 'Production'], profiles: ['Key'] });
    expect(needed(() => exportBindings(collection, [staging, env('Production', { Key: key }), env('QA', { Admin: basic, Key: { type: 'bearer', token: '{{apiKey}}' } })])))
      .toEqual({ environments: ['Staging', 'Production', 'QA'], profiles: ['Key', 'Admin'] });
  });

  it('needs no choice when the collection uses no profile, or has no environment to choose from', () => {
    const plain = Collection.parse({ name: 'Plain', items: [{ kind: 'request', name: 'A', url: 'https://a.test/', auth: { type: 'bearer', token: '{{t}}' } }] });
    expect(exportBindings(plain, [env('Staging', { Admin: basic }), env('Production', {})])).toEqual({});
    expect(exportBindings(collection, [])).toEqual({});
  });
});
