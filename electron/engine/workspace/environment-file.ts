import { Auth, Environment, SECRET_AUTH_FIELDS, type AuthType } from '../../../shared/model';
import { compact } from './compact';
import { literalSecretFields, profileSecretKey } from './secret-fields';
import { toYaml } from './yaml-io';

/** A secret that the environment file leaves to the secret store. */
export type StoredSecret =
  | { kind: 'variable'; key: string }
  /** `optional`: the field may legitimately be unset (a public OAuth client has no secret). */
  | { kind: 'profile'; profile: string; field: string; optional: boolean };

export const storeKeyOf = (s: StoredSecret): string => (s.kind === 'variable' ? s.key : profileSecretKey(s.profile, s.field));

export interface SplitEnvironment {
  /** The file's text: no secret value in it. */
  text: string;
  /** Store key → value, for every secret the file leaves out that has a value to keep. */
  secrets: Map<string, string>;
}

/**
 * Splits an environment into its file and its secrets. A secret variable is written with no value.
 * A secret field of a profile binding is left out unless it is empty (written as "", meaning "no
 * password", so that absence can mean "in the store") or made only of {{references}}.
 */
export function splitEnvironment(env: Environment): SplitEnvironment {
  const secrets = new Map<string, string>();
  const variables = env.variables.map((v) => {
    if (!v.secret) return v;
    if (v.value !== '') secrets.set(v.key, v.value);
    return { ...v, value: '' };
  });
  const profiles: Record<string, unknown> = {};
  for (const [slot, auth] of Object.entries(env.profiles)) {
    const record = auth as Record<string, unknown>;
    const empty = new Set(SECRET_AUTH_FIELDS[auth.type].filter((f) => record[f] === ''));
    const out = compact(Auth, auth, empty) as Record<string, unknown>;
    for (const field of literalSecretFields(auth)) {
      secrets.set(profileSecretKey(slot, field), record[field] as string);
      delete out[field];
    }
    profiles[slot] = out;
  }
  const body = compact(Environment, { ...env, variables, profiles: {} }) as Record<string, unknown>;
  const text = toYaml(Object.keys(profiles).length > 0 ? { ...body, profiles } : body);
  return { text, secrets };
}

const optionFor = (type: AuthType) => Auth.options.find((o) => o.shape.type.value === type);

/**
 * Before validation: notes which secrets the file leaves to the store, and fills a required secret
 * field that was left out with '' so the binding validates (its value comes from the store).
 */
export function prepareEnvironment(raw: unknown, stored: StoredSecret[]): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.variables)) {
    for (const v of r.variables as unknown[]) {
      const row = v as Record<string, unknown> | null;
      if (row && row.secret === true && typeof row.key === 'string') stored.push({ kind: 'variable', key: row.key });
    }
  }
  if (typeof r.profiles !== 'object' || r.profiles === null) return raw;
  const profiles: Record<string, unknown> = {};
  for (const [slot, binding] of Object.entries(r.profiles as Record<string, unknown>)) {
    const b = binding as Record<string, unknown> | null;
    const type = b?.type;
    const option = typeof type === 'string' && type in SECRET_AUTH_FIELDS ? optionFor(type as AuthType) : undefined;
    if (!b || !option) { profiles[slot] = binding; continue; }
    const filled = { ...b };
    for (const field of SECRET_AUTH_FIELDS[type as AuthType]) {
      if (field in b) continue;
      const shape = option.shape as Record<string, { _zod: { def: { type: string } } }>;
      const optional = shape[field]?._zod.def.type === 'optional';
      stored.push({ kind: 'profile', profile: slot, field, optional });
      if (!optional) filled[field] = '';
    }
    profiles[slot] = filled;
  }
  return { ...r, profiles };
}
