import { scriptValue, typedText, type ScopeName, type ScopedValue } from '../../../shared/variables';
import type { VariableStore, VariableStores } from './types';

/**
 * A store over one of the maps the request pipeline resolves {{variables}} from, so a value a
 * script sets is what the next request's preparation sees. Secret values stay marked secret when
 * a script overwrites them, so output still masks them.
 */
export function mapStore(map: Map<string, ScopedValue>): VariableStore {
  return {
    get: (k) => map.get(k)?.value,
    value: (k) => { const v = map.get(k); return v === undefined ? undefined : scriptValue(v); },
    set: (k, v) => {
      const secret = map.get(k)?.secret ?? false;
      map.set(k, typeof v === 'string' ? { value: v, secret } : { value: typedText(v), secret, typed: v });
    },
    unset: (k) => { map.delete(k); },
    has: (k) => map.has(k),
    toObject: () => Object.fromEntries([...map].map(([k, v]) => [k, scriptValue(v)])),
    clear: () => map.clear(),
  };
}

/** A store with no backing: for tests, and for scopes a caller does not keep. */
export function memoryStore(initial: Record<string, string> = {}): VariableStore {
  return mapStore(new Map(Object.entries(initial).map(([k, v]) => [k, { value: v }])));
}

/** The four stores over the pipeline's scopes (electron/engine/execute/scopes.ts buildScopes). */
export function storesFromScopes(scopes: Partial<Record<ScopeName, Map<string, ScopedValue>>>): VariableStores {
  const at = (name: ScopeName): VariableStore => {
    let m = scopes[name];
    if (!m) { m = new Map(); scopes[name] = m; }
    return mapStore(m);
  };
  return { runtime: at('runtime'), environment: at('environment'), collection: at('collection'), globals: at('globals') };
}
