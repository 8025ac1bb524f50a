import type { CookieJar } from 'tough-cookie';
import { createCookieJar, deserializeCookieJar, serializeCookieJar } from '../http';
import { loadCookieJar as readJar, saveCookieJar as writeJar } from '../workspace';

/**
 * The session's live jar over the workspace's per-environment jar files. A jar file that cannot
 * be parsed starts a fresh jar rather than failing the request: the user loses a login, never
 * data they typed.
 */
export async function loadCookieJar(stateDir: string | undefined, env: string | undefined): Promise<CookieJar> {
  if (!stateDir) return createCookieJar();
  const text = await readJar(stateDir, env);
  if (text === undefined) return createCookieJar();
  try {
    return await deserializeCookieJar(text);
  } catch {
    return createCookieJar();
  }
}

export async function saveCookieJar(stateDir: string | undefined, env: string | undefined, jar: CookieJar): Promise<void> {
  if (stateDir) await writeJar(stateDir, env, await serializeCookieJar(jar));
}
