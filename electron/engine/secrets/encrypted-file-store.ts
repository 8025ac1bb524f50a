import { z } from 'zod';
import { KeyholeError } from '../../../shared/errors';
import { writeFileAtomic } from '../workspace/atomic-write';
import { nodeFs, readIfExists, type FsLayer } from '../workspace/fs-layer';
import type { SecretCipher, SecretStore } from './types';

/** Environment → key → base64 ciphertext. Names are not secret; values are never stored in clear. */
const StoreFile = z.object({
  keyholeSecrets: z.literal(1),
  backend: z.string(),
  entries: z.record(z.string(), z.record(z.string(), z.string())),
});
type StoreFile = z.infer<typeof StoreFile>;

export interface EncryptedFileSecretStoreOptions {
  /** The store file, in the app data folder (never inside a workspace). */
  file: string;
  cipher: SecretCipher;
  /** Accept Linux's 'basic_text' backend (a key hard-coded in Chromium) after the user agreed. */
  allowWeak?: boolean | undefined;
  fs?: FsLayer | undefined;
}

/**
 * The desktop's secret store: one file of ciphertexts made by the OS-backed cipher (Electron's
 * safeStorage). When the cipher is unavailable, or is Linux's 'basic_text' fallback, set() refuses
 * with an explanation instead of storing something that only looks encrypted ('write-failed' with
 * details.reason 'encryption-unavailable' or 'weak-encryption', so the app can ask the user).
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly #o: EncryptedFileSecretStoreOptions;
  readonly #fs: FsLayer;
  /** Mutations run one after another, each reading the file fresh, so none is lost. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: EncryptedFileSecretStoreOptions) {
    this.#o = opts;
    this.#fs = opts.fs ?? nodeFs;
  }

  async get(environment: string, key: string): Promise<string | undefined> {
    const data = await this.#read();
    const b64 = data.entries[environment]?.[key];
    if (b64 === undefined) return undefined;
    try {
      return this.#o.cipher.decryptString(Buffer.from(b64, 'base64'));
    } catch (e) {
      throw new KeyholeError('secret-missing', `The secret "${key}" of environment "${environment}" in ${this.#o.file} could not be decrypted`, {
        hint: 'It was probably stored by another user or on another machine: enter it again.',
        details: { environment, key, file: this.#o.file },
        cause: e,
      });
    }
  }

  async set(environment: string, key: string, value: string): Promise<void> {
    this.#checkStrength(environment, key);
    const cipher = this.#o.cipher.encryptString(value).toString('base64');
    await this.#mutate((d) => {
      d.entries[environment] = { ...(d.entries[environment] ?? {}), [key]: cipher };
    });
  }

  async delete(environment: string, key: string): Promise<void> {
    await this.#mutate((d) => {
      const env = d.entries[environment];
      if (!env || !(key in env)) return;
      delete env[key];
      if (Object.keys(env).length === 0) delete d.entries[environment];
    });
  }

  describe(environment: string, key: string): string {
    return environment === ''
      ? `enter the value of "${key}" in the collection's variables`
      : `enter the value of "${key}" in environment "${environment}" (its secrets are kept in this computer's keychain)`;
  }

  #checkStrength(environment: string, key: string): void {
    const details = { environment, key, backend: this.#o.cipher.isEncryptionAvailable() ? this.#o.cipher.backend() : 'none' };
    if (!this.#o.cipher.isEncryptionAvailable()) {
      throw new KeyholeError('write-failed', `Secret "${key}" was not saved: this system offers no encryption for stored secrets`, {
        hint: 'On Linux, install and unlock a keyring (GNOME Keyring or KWallet), then restart Keyhole; or provide secrets through KEYHOLE_SECRET_* variables.',
        details: { ...details, reason: 'encryption-unavailable' },
      });
    }
    if (this.#o.cipher.backend() === 'basic_text' && !this.#o.allowWeak) {
      throw new KeyholeError('write-failed', `Secret "${key}" was not saved: the only encryption available is "basic_text", whose key is the same on every machine`, {
        hint: 'Install and unlock a keyring (GNOME Keyring or KWallet) and restart Keyhole, or explicitly accept weak storage in the settings.',
        details: { ...details, reason: 'weak-encryption' },
      });
    }
  }

  async #read(): Promise<StoreFile> {
    const text = await readIfExists(this.#fs, this.#o.file);
    if (text === undefined) return { keyholeSecrets: 1, backend: this.#o.cipher.backend(), entries: {} };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = StoreFile.safeParse(json);
    // Never overwrite a store we cannot read: that would destroy every secret in it.
    if (!parsed.success) {
      throw new KeyholeError('file-malformed', `The secret store ${this.#o.file} is damaged and was not changed`, {
        hint: 'Restore it from a backup, or move it away to start with an empty store (its secrets must then be entered again).',
        details: { file: this.#o.file },
      });
    }
    return parsed.data;
  }

  #mutate(change: (d: StoreFile) => void): Promise<void> {
    const run = this.#queue.then(async () => {
      const data = await this.#read();
      change(data);
      data.backend = this.#o.cipher.backend();
      await writeFileAtomic(this.#o.file, `${JSON.stringify(data, null, 1)}\n`, { fs: this.#fs, mode: 0o600 });
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
