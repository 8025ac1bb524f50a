import type { AuthCache } from '../auth/types';
import type { SecretStore } from '../secrets/types';

/** The secret-store key under which an environment's OAuth 2.0 tokens are kept. */
export const TOKEN_CACHE_KEY = 'keyhole.oauth2-tokens';
const PERSISTED_PREFIX = 'oauth2-token';

/**
 * An auth cache whose OAuth 2.0 tokens live in the secret store, so the desktop app does not sign in
 * again at every start. Other entries (Digest nonces) stay in memory: they are worthless later.
 * A store that cannot keep values (the CLI's reads environment variables only) leaves the cache
 * in memory, as does a stored entry that does not parse.
 */
export async function persistentAuthCache(store: SecretStore, environment: string): Promise<AuthCache & { flush(): Promise<void> }> {
  const memory = new Map<string, unknown>();
  try {
    const saved = await store.get(environment, TOKEN_CACHE_KEY);
    if (saved) for (const [k, v] of Object.entries(JSON.parse(saved) as Record<string, unknown>)) if (k.startsWith(PERSISTED_PREFIX)) memory.set(k, v);
  } catch {
    // A damaged entry only costs a fresh sign-in.
  }
  let writable = true;
  let chain: Promise<void> = Promise.resolve();
  const persist = (): void => {
    if (!writable) return;
    const snapshot = JSON.stringify(Object.fromEntries([...memory].filter(([k]) => k.startsWith(PERSISTED_PREFIX))));
    chain = chain.then(() => store.set(environment, TOKEN_CACHE_KEY, snapshot)).catch(() => { writable = false; });
  };
  return {
    get: <T>(k: string) => memory.get(k) as T | undefined,
    set: <T>(k: string, v: T) => { memory.set(k, v); if (k.startsWith(PERSISTED_PREFIX)) persist(); },
    delete: (k) => { if (memory.delete(k) && k.startsWith(PERSISTED_PREFIX)) persist(); },
    /** Resolves when every write so far reached the store. */
    flush: () => chain,
  };
}
