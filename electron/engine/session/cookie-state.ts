import type { CookieJar } from 'tough-cookie';
import { createCookieJar, deserializeCookieJar, serializeCookieJar } from '../http';
import { loadCookieJar as readJar, saveCookieJar as writeJar } from '../workspace';

/** The session's live jar, and how to persist it to the workspace's per-environment jar file. */
export interface PersistedJar {
  jar: CookieJar;
  /**
   * Writes the jar when it differs from its file: a run that neither received nor sent a cookie
   * leaves the file (or its absence) as it was, instead of an atomic write and two fsyncs at every
   * close of every session.
   */
  save(): Promise<void>;
}

/**
 * The session's live jar over the workspace's per-environment jar files. A jar file that cannot
 * be parsed starts a fresh jar rather than failing the request: the user loses a login, never
 * data they typed (and the next save writes the fresh jar over the damaged file).
 */
export async function loadCookieJar(stateDir: string | undefined, env: string | undefined): Promise<PersistedJar> {
  if (!stateDir) return { jar: createCookieJar(), save: async () => undefined };
  const text = await readJar(stateDir, env);
  let jar: CookieJar | undefined;
  if (text !== undefined) jar = await deserializeCookieJar(text).catch(() => undefined);
  jar ??= createCookieJar();
  // What the file holds; with no file, what an empty jar would write, so an empty jar writes none.
  let written = text ?? await serializeCookieJar(jar);
  return {
    jar,
    async save() {
      const now = await serializeCookieJar(jar);
      if (now === written) return;
      await writeJar(stateDir, env, now);
      written = now;
    },
  };
}

/** A jar the caller brought (newman's --cookie-jar): written to the state folder at every save, when there is one. */
export function givenCookieJar(stateDir: string | undefined, env: string | undefined, jar: CookieJar): PersistedJar {
  return { jar, save: async () => { if (stateDir) await writeJar(stateDir, env, await serializeCookieJar(jar)); } };
}
