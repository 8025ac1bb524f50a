import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyhole } from './harness';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'import-secrets');
let dir: string;

beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'keyhole-cli-import-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function allText(root: string): Promise<string> {
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return (await Promise.all(files.map((f) => readFile(join(f.parentPath, f.name), 'utf8')))).join('\n');
}

describe('keyhole import', () => {
  it('says what moved to the secret store and lists every item not carried over, with why', async () => {
    const out = join(dir, 'shop');
    const r = await keyhole(['import', join(FIXTURES, 'shop.postman_collection.json'), '--out', out]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`Imported postman: 11 requests, 3 folders, 1 environments into ${out}`);
    expect(lines).toContain('Kept out of the workspace files as secrets (19):');
    expect(lines).toContain('  the Basic password of request "Users / Get user" → {{basic_password}}');
    expect(lines).toContain('  the header "Cookie" of request "Orders / List orders" → {{Cookie}}');
    expect(lines).toContain('Not carried over (2):');
    expect(lines).toContain('  Partners / Windows intranet: ntlm auth is not supported by Keyhole; kept as data in the description, sent without auth (item[2].item[5].request.auth)');
    expect(lines).toContain('  Partners / Partner token: the saved OAuth 2.0 access token was not imported: Keyhole gets a new one with the grant when the request is sent (item[2].item[1].request.auth)');
    // The command line keeps no secrets: it says how to provide each one, by name, never by value.
    expect(r.err).toContain('collection basic_password: set KEYHOLE_SECRET_BASIC_PASSWORD or add it to the --secrets file');
    expect(r.err).toContain('Default Collection.token: set KEYHOLE_SECRET_DEFAULT_COLLECTION_TOKEN');
    for (const value of ['pm-basic-password-9Zy4Tx', 'pm-header-xauth-2Hs5Lm', 'pm-folder-apikey-3Nv6Rk']) {
      expect(r.out + r.err).not.toContain(value);
      expect(await allText(out)).not.toContain(value);
    }
  });

  it('--json carries the same lists for scripts', async () => {
    const out = join(dir, 'curl');
    const r = await keyhole(['import', join(FIXTURES, 'basic.curl.txt'), '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { movedToSecretStore: string[]; secretsNotStored: string[]; report: { notCarried: unknown[] } };
    expect(j.movedToSecretStore).toEqual([
      'the query parameter "token" of request "GET api.shop.example/users/me" → {{token}}',
      'the header "X-Api-Key" of request "GET api.shop.example/users/me" → {{X-Api-Key}}',
      'the header "Cookie" of request "GET api.shop.example/users/me" → {{Cookie}}',
      'the Basic password of request "GET api.shop.example/users/me" → {{basic_password}}',
    ]);
    expect(j.secretsNotStored).toHaveLength(4);
    expect(r.out).not.toContain('curl-basic-password-6Wx9');
  });
});
