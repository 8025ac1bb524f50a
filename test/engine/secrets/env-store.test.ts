import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvSecretStore, parseDotenv, secretVariableNames } from '../../../electron/engine/secrets';
import { removeDir, tempDir } from '../workspace/helpers';

let dir: string;
beforeEach(async () => { dir = await tempDir('keyhole-secrets-'); });
afterEach(async () => { await removeDir(dir); });

describe('secret variable names', () => {
  it('upper-cases and replaces every non-alphanumeric character, environment-specific first', () => {
    expect(secretVariableNames('Staging EU', 'Admin.password')).toEqual(['KEYHOLE_SECRET_STAGING_EU_ADMIN_PASSWORD', 'KEYHOLE_SECRET_ADMIN_PASSWORD']);
    expect(secretVariableNames('', 'api-key')).toEqual(['KEYHOLE_SECRET_API_KEY']);
  });
});

describe('parseDotenv', () => {
  it('reads comments, export, quotes, escapes and multi-line values', () => {
    const m = parseDotenv([
      '# a comment', '', 'A=plain value # trailing comment', 'export B="double \\"quoted\\"\\nline"', "C='single # not a comment'",
      'D="-----BEGIN KEY-----', 'abc', '-----END KEY-----"', 'E=', '  F = spaced  ',
    ].join('\n'), 'x.env');
    expect(Object.fromEntries(m)).toEqual({
      A: 'plain value', B: 'double "quoted"\nline', C: 'single # not a comment', D: '-----BEGIN KEY-----\nabc\n-----END KEY-----', E: '', F: 'spaced',
    });
  });

  it('a malformed line is an error naming the file and the line, without its content', () => {
    const err = (() => { try { parseDotenv('A=1\nthis is not an assignment s3cr3t\n', '/ci/secrets.env'); } catch (e) { return e; } return undefined; })();
    expect(err).toMatchObject({ code: 'file-malformed', details: { file: '/ci/secrets.env', line: 2 } });
    expect((err as Error).message).toContain('/ci/secrets.env:2');
    expect((err as Error).message).not.toContain('s3cr3t');
    expect(() => parseDotenv('A="never closed\nB=2\n', 'f.env')).toThrow(/f\.env:1: the double quote of A is never closed/);
  });
});

describe('EnvSecretStore', () => {
  it('looks up the environment-specific variable, then the generic one, then the --secrets file', async () => {
    const file = join(dir, 'ci.env');
    await writeFile(file, 'KEYHOLE_SECRET_PRODUCTION_TOKEN=from-file-env\nTOKEN=from-file-plain\napiKey=raw-name\n');
    const store = await EnvSecretStore.open({ env: { KEYHOLE_SECRET_STAGING_TOKEN: 'staging', KEYHOLE_SECRET_TOKEN: 'generic' }, file });
    expect(await store.get('Staging', 'token')).toBe('staging');
    expect(await store.get('QA', 'token')).toBe('generic');
    const fileOnly = await EnvSecretStore.open({ env: {}, file });
    expect(await fileOnly.get('Production', 'token')).toBe('from-file-env');
    expect(await fileOnly.get('QA', 'token')).toBe('from-file-plain');
    expect(await fileOnly.get('QA', 'apiKey')).toBe('raw-name');
    expect(await fileOnly.get('QA', 'missing')).toBeUndefined();
    expect(fileOnly.describe('QA', 'Admin.password')).toBe(`set KEYHOLE_SECRET_QA_ADMIN_PASSWORD or add it to the --secrets file (${file})`);
  });

  it('is read-only, and a missing --secrets file is named', async () => {
    const store = new EnvSecretStore({ env: {} });
    await expect(store.set('Staging', 'k', 'v')).rejects.toMatchObject({ code: 'usage', message: expect.stringContaining('cannot store secrets') as string });
    await expect(EnvSecretStore.open({ env: {}, file: join(dir, 'nope.env') })).rejects.toMatchObject({ code: 'file-not-found' });
  });
});
