import type { SecretStore } from '../engine/secrets/types';

/**
 * The browser mode's secret store: values live in this process's memory only and are gone when
 * it exits. Nothing is written to disk, so nothing is left unencrypted there; the app says so.
 */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  private key = (env: string, key: string): string => `${env}\u0000${key}`;

  async get(environment: string, key: string): Promise<string | undefined> {
    return this.values.get(this.key(environment, key));
  }

  async set(environment: string, key: string, value: string): Promise<void> {
    this.values.set(this.key(environment, key), value);
  }

  async delete(environment: string, key: string): Promise<void> {
    this.values.delete(this.key(environment, key));
  }

  describe(environment: string, key: string): string {
    return `enter it in the environment editor (browser mode keeps secrets in memory only: ${environment || 'collection'} / ${key})`;
  }
}
