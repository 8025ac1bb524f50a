import { safeStorage } from 'electron';
import { join } from 'node:path';
import type { SecretStorageInfo } from '../../shared/ipc/workspace-payloads';
import { EncryptedFileSecretStore, type SecretCipher } from '../engine/secrets';

/** Electron's safeStorage as the engine's cipher; the backend name says how strong it is. */
const cipher: SecretCipher = {
  isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
  encryptString: (plain) => safeStorage.encryptString(plain),
  decryptString: (c) => safeStorage.decryptString(c),
  // getSelectedStorageBackend exists on Linux only; macOS (Keychain) and Windows (DPAPI) are OS-backed.
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'keychain' : 'dpapi'),
};

/**
 * The desktop's secret store, and what to tell the user about it. On Linux without a keyring,
 * safeStorage falls back to 'basic_text' (a key hard-coded in Chromium): the store then refuses to
 * save secrets rather than pretend, and the app says so in the title bar.
 */
export function desktopSecrets(userData: string): { store: EncryptedFileSecretStore; info: SecretStorageInfo } {
  const store = new EncryptedFileSecretStore({ file: join(userData, 'secrets.json'), cipher });
  const available = cipher.isEncryptionAvailable();
  const backend = available ? cipher.backend() : 'unavailable';
  const weak = !available || backend === 'basic_text' || backend === 'unknown';
  return {
    store,
    info: {
      backend,
      osEncrypted: !weak,
      ...(weak ? { warning: available
        ? 'No OS keyring was found (safeStorage backend "basic_text"): Keyhole will not store secrets on disk. Install and unlock a keyring (GNOME Keyring, KWallet), or provide secrets through environment variables.'
        : 'OS encryption is unavailable: Keyhole will not store secrets on disk.' } : {}),
    },
  };
}
