import { KeyholeError } from '../../../shared/errors';
import { nodeFs, readIfExists, type FsLayer } from '../workspace/fs-layer';
import { parseDotenv } from './dotenv';
import { plainNames, secretVariableNames } from './env-names';
import type { SecretStore } from './types';

export interface EnvSecretStoreOptions {
  /** The process environment (passed in, so tests and the bridge choose what the store sees). */
  env: Record<string, string | undefined>;
  /** The `--secrets FILE` dotenv file, already read: its path (for messages) and contents. */
  dotenv?: { path: string; values: ReadonlyMap<string, string> } | undefined;
}

/**
 * The CLI's secret store: environment variables first (`KEYHOLE_SECRET_<ENV>_<KEY>`, then
 * `KEYHOLE_SECRET_<KEY>`), then the --secrets file under the same names or the plain key. It is
 * read-only: a CI job's secrets come from its runner, never from Keyhole.
 */
export class EnvSecretStore implements SecretStore {
  readonly #env: Record<string, string | undefined>;
  readonly #file: EnvSecretStoreOptions['dotenv'];

  constructor(opts: EnvSecretStoreOptions) {
    this.#env = opts.env;
    this.#file = opts.dotenv;
  }

  /** Reads the dotenv file (a malformed line is a 'file-malformed' error naming file and line). */
  static async open(opts: { env: Record<string, string | undefined>; file?: string | undefined; fs?: FsLayer | undefined }): Promise<EnvSecretStore> {
    const path = opts.file;
    if (path === undefined) return new EnvSecretStore({ env: opts.env });
    const text = await readIfExists(opts.fs ?? nodeFs, path);
    if (text === undefined) {
      throw new KeyholeError('file-not-found', `The secrets file ${path} does not exist`, {
        hint: 'Check the path given to --secrets.',
        details: { file: path },
      });
    }
    return new EnvSecretStore({ env: opts.env, dotenv: { path, values: parseDotenv(text, path) } });
  }

  async get(environment: string, key: string): Promise<string | undefined> {
    const names = secretVariableNames(environment, key);
    for (const n of names) {
      const v = this.#env[n];
      if (v !== undefined) return v;
    }
    const values = this.#file?.values;
    if (!values) return undefined;
    for (const n of [...names, ...plainNames(key)]) {
      const v = values.get(n);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  async set(environment: string, key: string, _value?: string): Promise<void> {
    throw readOnly(environment, key, this.describe(environment, key));
  }

  async delete(environment: string, key: string): Promise<void> {
    throw readOnly(environment, key, this.describe(environment, key));
  }

  describe(environment: string, key: string): string {
    const [name] = secretVariableNames(environment, key);
    return `set ${name} or add it to the --secrets file${this.#file ? ` (${this.#file.path})` : ''}`;
  }
}

function readOnly(environment: string, key: string, how: string): KeyholeError {
  return new KeyholeError('usage', `The command line cannot store secrets (secret "${key}"${environment ? ` of environment "${environment}"` : ''})`, {
    hint: `Provide it instead: ${how}.`,
    details: { environment, key },
  });
}
