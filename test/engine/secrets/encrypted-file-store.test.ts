import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore } from '../../../electron/engine/secrets';
import { removeDir, tempDir } from '../workspace/helpers';
import { aesCipher } from './aes-cipher';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await tempDir('keyhole-secrets-');
  file = join(dir, 'secrets.json');
});
afterEach(async () => { await removeDir(dir); });

const PLAIN = 'sk_live_51HqLyjWDarjtT1zdp7dc-plaintext';

describe('EncryptedFileSecretStore', () => {
  it('keeps values encrypted on disk and gives them back', async () => {
    const cipher = aesCipher();
    const store = new EncryptedFileSecretStore({ file, cipher });
    await store.set('Staging', 'Admin.password', PLAIN);
    await store.set('Staging', 'apiToken', 'second-secret-value');
    await store.set('', 'collectionKey', 'third-secret-value');
    const raw = await readFile(file);
    expect(raw.includes(PLAIN)).toBe(false);
    expect(raw.includes('second-secret-value')).toBe(false);
    expect(raw.includes(Buffer.from(PLAIN).toString('base64').slice(0, 12))).toBe(false);
    // A new instance reads the same file (the app restarted).
    const again = new EncryptedFileSecretStore({ file, cipher });
    expect(await again.get('Staging', 'Admin.password')).toBe(PLAIN);
    expect(await again.get('', 'collectionKey')).toBe('third-secret-value');
    expect(await again.get('Production', 'Admin.password')).toBeUndefined();
    await again.delete('Staging', 'Admin.password');
    expect(await store.get('Staging', 'Admin.password')).toBeUndefined();
    expect(await store.get('Staging', 'apiToken')).toBe('second-secret-value');
  });

  it('concurrent sets all land', async () => {
    const store = new EncryptedFileSecretStore({ file, cipher: aesCipher() });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set('E', `k${i}`, `value-${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get('E', `k${i}`)).toBe(`value-${i}`);
  });

  it("refuses Linux's basic_text backend unless the caller allows weak storage", async () => {
    const weak = new EncryptedFileSecretStore({ file, cipher: aesCipher({ backend: 'basic_text' }) });
    await expect(weak.set('Staging', 'k', PLAIN)).rejects.toMatchObject({ code: 'write-failed', details: { reason: 'weak-encryption', backend: 'basic_text' } });
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    const allowed = new EncryptedFileSecretStore({ file, cipher: aesCipher({ backend: 'basic_text' }), allowWeak: true });
    await allowed.set('Staging', 'k', PLAIN);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ backend: 'basic_text' });
  });

  it('refuses when no encryption is available at all', async () => {
    const none = new EncryptedFileSecretStore({ file, cipher: aesCipher({ available: false }), allowWeak: true });
    await expect(none.set('Staging', 'k', PLAIN)).rejects.toMatchObject({ code: 'write-failed', details: { reason: 'encryption-unavailable' } });
  });

  it('a value encrypted with another key is a secret-missing error, and a damaged file is never overwritten', async () => {
    await new EncryptedFileSecretStore({ file, cipher: aesCipher() }).set('S', 'k', PLAIN);
    const other = new EncryptedFileSecretStore({ file, cipher: aesCipher() });
    await expect(other.get('S', 'k')).rejects.toMatchObject({ code: 'secret-missing' });
    await writeFile(file, '{"keyholeSecrets": 1, "entr');
    await expect(other.set('S', 'k2', 'v')).rejects.toMatchObject({ code: 'file-malformed', details: { file } });
    expect(await readFile(file, 'utf8')).toBe('{"keyholeSecrets": 1, "entr');
  });
});
