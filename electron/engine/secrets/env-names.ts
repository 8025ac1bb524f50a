const normalize = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/**
 * The environment-variable names a secret is looked up under, most specific first:
 * `KEYHOLE_SECRET_<ENV>_<KEY>` then `KEYHOLE_SECRET_<KEY>` (upper-cased, every character that is
 * not a letter or digit replaced by `_`). The environment '' (collection scope) has only the second.
 */
export function secretVariableNames(environment: string, key: string): string[] {
  const k = normalize(key);
  return environment === '' ? [`KEYHOLE_SECRET_${k}`] : [`KEYHOLE_SECRET_${normalize(environment)}_${k}`, `KEYHOLE_SECRET_${k}`];
}

/** Names a dotenv file may also use: the plain key upper-cased (`ADMIN_PASSWORD`) and as written. */
export function plainNames(key: string): string[] {
  return [...new Set([normalize(key), key])];
}
