import { KeyholeError } from '../../../shared/errors';
import { Auth, SECRET_AUTH_FIELDS, type Environment } from '../../../shared/model';
import type { SecretStore } from '../secrets/types';
import { storeKeyOf, type StoredSecret } from './environment-file';
import type { LoadedEnvironment } from './environment-store';

export interface ResolvedEnvironment {
  /** The environment with every secret the store had filled in. */
  environment: Environment;
  /** Secret variable key → value (for the variable scopes). */
  secrets: Map<string, string>;
  /** Secret variable key → how to provide it, for the ones the store lacks. */
  missingSecrets: Map<string, string>;
  /** `<profile>.<field>` → 'secret-missing' error, for required profile secrets the store lacks. */
  missingProfileFields: Map<string, KeyholeError>;
  /** Every secret value in force, for redacting anything printed (shared/mask.ts). */
  values: string[];
}

/**
 * Fills an environment's secrets from a store. A secret the store lacks is NOT an error here: an
 * environment often holds secrets for requests the user is not running, and a CI job should not
 * need all of them. Instead the missing ones are returned, so the request that uses one fails with
 * 'secret-missing' naming it and how to provide it: variables through `missingSecrets` (the variable
 * scopes carry the hint), profiles through `profileSecretError` once the request's profile is known.
 * A plain Environment (not from loadEnvironment) is taken to store every secret that is empty.
 */
export async function resolveEnvironmentSecrets(env: LoadedEnvironment | Environment, store: SecretStore): Promise<ResolvedEnvironment> {
  const environment = structuredClone('environment' in env ? env.environment : env);
  const stored = 'stored' in env ? env.stored : storedOf(environment);
  const out: ResolvedEnvironment = { environment, secrets: new Map(), missingSecrets: new Map(), missingProfileFields: new Map(), values: [] };
  const name = environment.name;
  for (const s of stored) {
    const key = storeKeyOf(s);
    const value = await store.get(name, key);
    if (s.kind === 'variable') {
      const row = environment.variables.find((v) => v.key === s.key);
      if (!row) continue;
      const v = value ?? (row.value === '' ? undefined : row.value);
      if (v !== undefined) {
        row.value = v;
        out.secrets.set(s.key, v);
        out.values.push(v);
      } else {
        out.missingSecrets.set(s.key, `Environment "${name}" has no value for secret "${s.key}": ${store.describe(name, key)}.`);
      }
      continue;
    }
    const binding = environment.profiles[s.profile] as Record<string, unknown> | undefined;
    if (!binding) continue;
    if (value !== undefined) {
      binding[s.field] = value;
      out.values.push(value);
    } else if (!s.optional) {
      out.missingProfileFields.set(key, new KeyholeError('secret-missing',
        `The ${s.field} of auth profile "${s.profile}" in environment "${name}" has no value`, {
          hint: `${store.describe(name, key)}.`,
          details: { environment: name, profile: s.profile, field: s.field, key },
        }));
    }
  }
  return out;
}

/** The 'secret-missing' error for the first required secret of `profile` the store lacked, if any. */
export function profileSecretError(resolved: ResolvedEnvironment, profile: string): KeyholeError | undefined {
  for (const [key, e] of resolved.missingProfileFields) if (key.startsWith(`${profile}.`) && e.details?.profile === profile) return e;
  return undefined;
}

/** For an environment built in memory: every secret variable, and every empty secret profile field. */
function storedOf(env: Environment): StoredSecret[] {
  const out: StoredSecret[] = env.variables.filter((v) => v.secret).map((v) => ({ kind: 'variable', key: v.key }));
  for (const [profile, auth] of Object.entries(env.profiles)) {
    const record = auth as Record<string, unknown>;
    const option = Auth.options.find((o) => o.shape.type.value === auth.type);
    const shape = (option?.shape ?? {}) as Record<string, { _zod: { def: { type: string } } }>;
    for (const field of SECRET_AUTH_FIELDS[auth.type]) {
      const v = record[field];
      if (typeof v === 'string' && v !== '') continue;
      out.push({ kind: 'profile', profile, field, optional: shape[field]?._zod.def.type === 'optional' });
    }
  }
  return out;
}
