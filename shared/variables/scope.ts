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
  /**
   * The value a script set when it was not a string (pm.environment.set('n', 42)): scripts read it
   * back with its type, as in Postman, and `value` holds its text for {{references}}.
   */
  typed?: unknown;
}

/** The text a {{reference}} to a script's typed value gives, as Postman's substitution does: String(), null as "null". */
export function typedText(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return '';
  if (typeof v === 'object') {
    try {
      return Array.isArray(v) ? v.map((x) => (x === null || x === undefined ? '' : typedText(x))).join(',') : '[object Object]';
    } catch {
      return '';
    }
  }
  return String(v);
}

/** The value a script reads: the typed value it set, or the text. */
export function scriptValue(v: ScopedValue): unknown {
  return Object.hasOwn(v, 'typed') ? v.typed : v.value;
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

/**
 * Builds a scope map from variable rows, skipping disabled ones (they exist but are not in force).
 * Of rows that repeat a key, the first enabled one is in force, as in Postman and newman.
 */
export function scopeFrom(rows: Iterable<{ key: string; value: string; secret?: boolean; enabled?: boolean }>): Map<string, ScopedValue> {
  const m = new Map<string, ScopedValue>();
  for (const r of rows) if (r.enabled !== false && !m.has(r.key)) m.set(r.key, { value: r.value, secret: r.secret ?? false });
  return m;
}
