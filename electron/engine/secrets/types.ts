/**
 * Where secret values live, outside the workspace files: the CLI reads them from environment
 * variables and a dotenv file, the desktop app from a file of ciphertexts. Keys are a secret
 * variable's key, or `<profile>.<field>` for a secret field of an auth profile binding
 * (e.g. `Admin.password`); the environment '' holds secret collection variables.
 */
export interface SecretStore {
  get(environment: string, key: string): Promise<string | undefined>;
  /** Rejects with a KeyholeError when the store cannot keep the value (read-only, weak encryption). */
  set(environment: string, key: string, value: string): Promise<void>;
  delete(environment: string, key: string): Promise<void>;
  /** How a user provides this secret, for 'secret-missing' hints. */
  describe(environment: string, key: string): string;
}

/** The encryption the desktop store needs; Electron's safeStorage fits it (backend: getSelectedStorageBackend). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
  /** The OS backend in use; 'basic_text' is Linux's fallback with a hard-coded key. */
  backend(): string;
}
