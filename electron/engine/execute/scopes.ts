import type { Collection, Environment, Globals, Variable } from '../../../shared/model';
import { scopeFrom, type ScopedValue, type Scopes } from '../../../shared/variables';

export interface ScopeSources {
  runtime?: ReadonlyMap<string, string> | undefined;
  environment?: Environment | undefined;
  collection: Pick<Collection, 'variables'>;
  globals?: Globals | undefined;
  /**
   * Secret values by variable key for the environment (already fetched from the secret store),
   * and for the ones the store lacks, how to provide them.
   */
  secrets?: ReadonlyMap<string, string> | undefined;
  missingSecrets?: ReadonlyMap<string, string> | undefined;
}

/** Builds the four scopes; secret rows take their value from the secret store, never the file. */
export function buildScopes(src: ScopeSources): Scopes {
  const withSecrets = (rows: readonly Variable[]): Map<string, ScopedValue> => {
    const m = scopeFrom(rows);
    for (const r of rows) {
      if (!r.secret || r.enabled === false) continue;
      const v = src.secrets?.get(r.key);
      if (v !== undefined) m.set(r.key, { value: v, secret: true });
      else if (r.value === '') m.set(r.key, { value: '', secret: true, missing: src.missingSecrets?.get(r.key) ?? `Provide the secret "${r.key}" in the secret store.` });
    }
    return m;
  };
  const runtime = new Map<string, ScopedValue>();
  for (const [k, v] of src.runtime ?? []) runtime.set(k, { value: v });
  return {
    runtime,
    environment: withSecrets(src.environment?.variables ?? []),
    collection: withSecrets(src.collection.variables),
    globals: withSecrets(src.globals?.variables ?? []),
  };
}

/** Every secret value in force, so anything printed can be redacted with shared/mask.ts. */
export function secretValues(scopes: Scopes): string[] {
  const out: string[] = [];
  for (const m of Object.values(scopes)) for (const v of m?.values() ?? []) if (v.secret && v.value) out.push(v.value);
  return out;
}
