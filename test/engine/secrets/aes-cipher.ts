import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../../../electron/engine/secrets';

/**
 * A real AES-256-GCM cipher standing in for Electron's safeStorage (which needs a running
 * Electron): the store under test encrypts and decrypts through it for real.
 */
export function aesCipher(opts: { backend?: string; available?: boolean; key?: Buffer } = {}): SecretCipher {
  const key = opts.key ?? randomBytes(32);
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    backend: () => opts.backend ?? 'gnome_libsecret',
    encryptString: (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString: (data) => {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
