import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Environment } from '../../../shared/model';
import { resolveText, scopeFrom, type Scopes } from '../../../shared/variables';
import { EnvSecretStore } from '../../../electron/engine/secrets';
import {
  listEnvironments, loadEnvironment, profileSecretError, resolveEnvironmentSecrets, saveCollection, saveEnvironment,
} from '../../../electron/engine/workspace';
import { readTree, removeDir, tempDir } from './helpers';
import { sampleCollection } from './sample-collection';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await saveCollection(dir, sampleCollection());
});
afterEach(async () => { await removeDir(dir); });

const SECRETS = {
  token: 'tok-7c1f3a9e5b2d4c68a0e1',
  adminPassword: 'Adm1n-P@ssw0rd-very-secret',
  clientSecret: 'cs-3b8e9f2a1d7c4e6b9a0f',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

function staging(): Environment {
  return Environment.parse({
    name: 'Staging',
    variables: [
      { key: 'baseUrl', value: 'http://127.0.0.1:3000' },
      { key: 'apiToken', value: SECRETS.token, secret: true },
      { key: 'unused', value: '', secret: true },
    ],
    profiles: {
      Admin: { type: 'basic', username: 'admin', password: SECRETS.adminPassword },
      Reader: { type: 'bearer', token: '{{apiToken}}' },
      Service: { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'http://127.0.0.1:3000/token', clientId: 'svc', clientSecret: SECRETS.clientSecret },
      Public: { type: 'oauth2', grant: 'device_code', clientId: 'pub' },
      Aws: { type: 'awsv4', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRETS.awsSecret, region: 'eu-west-1', service: 's3' },
      Nobody: { type: 'basic', username: 'guest', password: '' },
    },
  });
}

/** A store that keeps what it is given, to see what saveEnvironment hands over. */
function memoryStore() {
  const m = new Map<string, string>();
  return {
    m,
    get: async (e: string, k: string) => m.get(`${e}/${k}`),
    set: async (e: string, k: string, v: string) => { m.set(`${e}/${k}`, v); },
    delete: async (e: string, k: string) => { m.delete(`${e}/${k}`); },
    describe: (e: string, k: string) => `store ${e}/${k}`,
  };
}

describe('environments and secrets', () => {
  it('writes no secret to any file under the collection, and hands every secret to the store', async () => {
    const store = memoryStore();
    const r = await saveEnvironment(dir, staging(), store);
    expect(r.file).toBe(join(dir, 'environments', 'staging.yaml'));
    const tree = await readTree(dir);
    for (const [file, text] of tree) for (const s of Object.values(SECRETS)) expect(text.includes(s), `${s} in ${file}`).toBe(false);
    expect(Object.fromEntries(store.m)).toEqual({
      'Staging/apiToken': SECRETS.token,
      'Staging/Admin.password': SECRETS.adminPassword,
      'Staging/Service.clientSecret': SECRETS.clientSecret,
      'Staging/Aws.secretAccessKey': SECRETS.awsSecret,
    });
    const text = tree.get(join('environments', 'staging.yaml')) ?? '';
    // A reference holds no secret and stays; an empty password stays, meaning "no password".
    expect(text).toContain('token: "{{apiToken}}"');
    expect(text).toMatch(/Nobody:\n {4}type: basic\n {4}username: guest\n {4}password: ""/);
    expect(text).toContain('  - key: apiToken\n    secret: true\n');
  });

  it('loads back with EnvSecretStore filling the secrets from KEYHOLE_SECRET_* and a --secrets file', async () => {
    await saveEnvironment(dir, staging(), memoryStore());
    const secretsFile = join(dir, '..', `${dir.split(/[\\/]/).at(-1)}.env`);
    await writeFile(secretsFile, `# CI secrets\nexport KEYHOLE_SECRET_STAGING_ADMIN_PASSWORD="${SECRETS.adminPassword}"\nAWS_SECRETACCESSKEY='${SECRETS.awsSecret}'\n`);
    try {
      const store = await EnvSecretStore.open({
        env: { KEYHOLE_SECRET_STAGING_APITOKEN: SECRETS.token, KEYHOLE_SECRET_SERVICE_CLIENTSECRET: SECRETS.clientSecret },
        file: secretsFile,
      });
      const resolved = await resolveEnvironmentSecrets(await loadEnvironment(dir, 'staging'), store);
      const expected = staging();
      expect(resolved.environment).toEqual(expected);
      expect(resolved.secrets.get('apiToken')).toBe(SECRETS.token);
      expect([...resolved.missingSecrets.keys()]).toEqual(['unused']);
      expect(resolved.missingProfileFields.size).toBe(0);
      expect(resolved.values.sort()).toEqual(Object.values(SECRETS).sort());
    } finally {
      await removeDir(secretsFile);
    }
  });

  it('a missing secret is no error until used, then names it, the environment and how to provide it', async () => {
    await saveEnvironment(dir, staging(), memoryStore());
    const store = new EnvSecretStore({ env: {} });
    const resolved = await resolveEnvironmentSecrets(await loadEnvironment(dir, 'Staging'), store);

    const e = profileSecretError(resolved, 'Admin');
    expect(e?.code).toBe('secret-missing');
    expect(e?.message).toBe('The password of auth profile "Admin" in environment "Staging" has no value');
    expect(e?.hint).toBe('set KEYHOLE_SECRET_STAGING_ADMIN_PASSWORD or add it to the --secrets file.');
    expect(profileSecretError(resolved, 'Reader')).toBeUndefined();
    expect(profileSecretError(resolved, 'Nobody')).toBeUndefined();
    // An optional secret (a public OAuth client has none) is not required.
    expect(profileSecretError(resolved, 'Public')).toBeUndefined();
    expect(profileSecretError(resolved, 'Service')).toBeUndefined();

    const hint = resolved.missingSecrets.get('apiToken') ?? '';
    expect(hint).toBe('Environment "Staging" has no value for secret "apiToken": set KEYHOLE_SECRET_STAGING_APITOKEN or add it to the --secrets file.');
    const env = scopeFrom(resolved.environment.variables);
    for (const [k, h] of resolved.missingSecrets) env.set(k, { value: '', secret: true, missing: h });
    const scopes: Scopes = { environment: env };
    const opts = { scopes, dynamic: { now: () => new Date(0), random: () => 0.5, uuid: () => 'u' }, where: 'header Authorization of request Me' };
    expect(resolveText('{{baseUrl}}/me', opts).text).toBe('http://127.0.0.1:3000/me');
    expect(() => resolveText('Bearer {{apiToken}}', opts)).toThrow(expect.objectContaining({ code: 'secret-missing', hint }) as Error);
  });

  it('lists environments, and an unknown one is an error listing the known ones', async () => {
    await saveEnvironment(dir, staging(), memoryStore());
    await saveEnvironment(dir, Environment.parse({ name: 'Production' }), memoryStore());
    expect(await listEnvironments(dir)).toEqual(['Production', 'Staging']);
    await expect(loadEnvironment(dir, 'qa')).rejects.toMatchObject({
      code: 'environment-unknown', message: expect.stringContaining('"qa"') as string, hint: 'Known environments: Production, Staging.',
    });
  });

  it('saving again reuses the file and writes nothing when nothing changed; the CLI store refuses to keep secrets', async () => {
    await saveEnvironment(dir, staging(), memoryStore());
    const before = await readFile(join(dir, 'environments', 'staging.yaml'), 'utf8');
    const again = await saveEnvironment(dir, staging(), memoryStore());
    expect(again.written).toBe(false);
    await expect(saveEnvironment(dir, staging(), new EnvSecretStore({ env: {} }))).rejects.toMatchObject({
      code: 'usage', message: expect.stringContaining('cannot store secrets') as string,
    });
    expect(await readFile(join(dir, 'environments', 'staging.yaml'), 'utf8')).toBe(before);
  });

  it('a schema error in an environment file names the file and line', async () => {
    await saveEnvironment(dir, staging(), memoryStore());
    const file = join(dir, 'environments', 'staging.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('type: awsv4', 'type: aws'));
    const err = await loadEnvironment(dir, 'Staging').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'file-malformed', details: { file, field: 'profiles.Aws.type' } });
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[((err as { details: { line: number } }).details.line) - 1]).toContain('type: aws');
  });
});
