export type { SecretStore, SecretCipher } from './types';
export { EnvSecretStore, type EnvSecretStoreOptions } from './env-store';
export { EncryptedFileSecretStore, type EncryptedFileSecretStoreOptions } from './encrypted-file-store';
export { parseDotenv } from './dotenv';
export { secretVariableNames } from './env-names';
