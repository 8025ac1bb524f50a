/**
 * The scopes a Postman user expects, most specific first. A lookup walks them in this order and
 * the first scope that defines a name wins. `data` is the current row of a run's data file.
 */
export const SCOPE_ORDER = ['runtime', 'data', 'environment', 'collection', 'globals'] as const;
export type ScopeName = (typeof SCOPE_ORDER)[number];

/** A value in a scope; `secret` values are masked wherever resolution is shown to a person. */
export interface ScopedValue {
  value: string;
  secret?: boolean;
  /**
   * Set for a secret whose value the secret store does not have: using it is a 'secret-missing'
   * error carrying this text (how to provide it). Unused missing secrets are no error.
   */
  missing?: string;
}

export type Scopes = Partial<Record<ScopeName, ReadonlyMap<string, ScopedValue>>>;

export interface Lookup {
  scope: ScopeName;
  value: ScopedValue;
}

export function lookup(scopes: Scopes, name: string): Lookup | undefined {
  for (const scope of SCOPE_ORDER) {
    const v = scopes[scope]?.get(name);
    if (v !== undefined) return { scope, value: v };
  }
  return undefined;
}

/** Builds a scope map from variable rows, skipping disabled ones (they exist but are not in force). */
export function scopeFrom(rows: Iterable<{ key: string; value: string; secret?: boolean; enabled?: boolean }>): Map<string, ScopedValue> {
  const m = new Map<string, ScopedValue>();
  for (const r of rows) if (r.enabled !== false) m.set(r.key, { value: r.value, secret: r.secret ?? false });
  return m;
}
