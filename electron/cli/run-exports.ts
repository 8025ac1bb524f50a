import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CookieJar } from 'tough-cookie';
import { KeyholeError } from '../../shared/errors';
import type { Variable } from '../../shared/model';
import type { ScopedValue } from '../../shared/variables';
import { deserializeCookieJar, serializeCookieJar } from '../engine/http';

/** newman's --cookie-jar: a tough-cookie JSON jar to start the run from. */
export async function readCookieJar(cwd: string, file: string): Promise<CookieJar> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new KeyholeError('file-not-found', `--cookie-jar ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return await deserializeCookieJar(text);
  } catch (e) {
    throw new KeyholeError('file-malformed', `--cookie-jar ${path}: ${(e as Error).message}`, { hint: 'Give a tough-cookie JSON jar, as newman --export-cookie-jar writes.' });
  }
}

/** The jar as it ended, for a later run's --cookie-jar; readable by its owner only, as cookies are credentials. */
export async function writeCookieJar(cwd: string, file: string, jar: CookieJar): Promise<string> {
  const path = resolve(cwd, file);
  await writeOut(path, `${await serializeCookieJar(jar)}\n`, 'cookie jar');
  return path;
}

/**
 * The variables of a scope as the run left them, in Postman's environment (or globals) format,
 * for newman's --export-environment / --export-globals. A secret value is written only when the
 * file the run read already held it under that name (exporting back to the same file keeps it);
 * any other secret (an --env-var, a value from the secret store, one a script set on a secret
 * variable) is left empty and named in `blanked`. Disabled variables of the input come along as
 * they were.
 */
export async function writeVariables(cwd: string, file: string, o: {
  scope: 'environment' | 'globals';
  name: string;
  live: ReadonlyMap<string, ScopedValue> | undefined;
  input: readonly Variable[];
}): Promise<{ path: string; blanked: string[] }> {
  const path = resolve(cwd, file);
  const blanked: string[] = [];
  const given = new Map(o.input.map((v) => [v.key, v]));
  const values: { key: string; value: string; type: string; enabled: boolean }[] = [];
  for (const [key, v] of o.live ?? []) {
    const secret = v.secret === true || given.get(key)?.secret === true;
    const known = given.get(key);
    let value = v.value;
    if (secret && !(known?.secret && known.value === v.value)) {
      if (v.value !== '') blanked.push(key);
      value = '';
    }
    values.push({ key, value, type: secret ? 'secret' : 'default', enabled: true });
  }
  for (const v of o.input) if (!v.enabled && !o.live?.has(v.key)) values.push({ key: v.key, value: v.value, type: v.secret ? 'secret' : 'default', enabled: false });
  const doc = { id: randomUUID(), name: o.name, values, _postman_variable_scope: o.scope, _postman_exported_at: new Date().toISOString(), _postman_exported_using: 'Keyhole' };
  await writeOut(path, `${JSON.stringify(doc, null, 2)}\n`, o.scope);
  return { path, blanked };
}

async function writeOut(path: string, text: string, label: string): Promise<void> {
  try {
    await writeFile(path, text, { mode: 0o600 });
  } catch (e) {
    throw new KeyholeError('write-failed', `Cannot write the ${label} to ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
