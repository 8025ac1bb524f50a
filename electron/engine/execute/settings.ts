import type { RequestSettings } from '../../../shared/model';
import { DEFAULT_SETTINGS, type TransportSettings } from '../http/types';

/**
 * Effective settings: defaults, then collection, then each folder, then the request; a field set
 * at a deeper level wins, and TLS/proxy blocks merge field by field.
 */
export function mergeSettings(levels: readonly (RequestSettings | undefined)[]): TransportSettings {
  // Most requests set nothing at any level: share one frozen copy of the defaults.
  if (levels.every(isEmpty)) return FROZEN_DEFAULTS;
  // A run merges the same few levels for every request: keyed by their content, so an edited
  // level is merged again, and frozen where merged, since every request of the run shares it.
  const key = JSON.stringify(levels);
  const known = merged.get(key);
  if (known) return known;
  const out = freezeMerged(merge(levels));
  if (merged.size >= 64) merged.delete(merged.keys().next().value as string);
  merged.set(key, out);
  return out;
}

/** Settings merged lately, by the JSON of their levels. */
const merged = new Map<string, TransportSettings>();

/** Freezes what merge made (the settings, TLS and proxy objects); values taken from the levels stay theirs. */
function freezeMerged(o: TransportSettings): TransportSettings {
  Object.freeze(o.tls);
  Object.freeze(o.proxy);
  return Object.freeze(o);
}

function merge(levels: readonly (RequestSettings | undefined)[]): TransportSettings {
  let out: TransportSettings = { ...DEFAULT_SETTINGS, tls: { ...DEFAULT_SETTINGS.tls }, proxy: { ...DEFAULT_SETTINGS.proxy } };
  for (const s of levels) {
    if (!s) continue;
    const { tls, proxy, defaultHeaders, ...flat } = s;
    const defined = Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined));
    out = {
      ...out,
      ...defined,
      tls: { ...out.tls, ...stripUndefined(tls) },
      proxy: { ...out.proxy, ...stripUndefined(proxy) },
      // Each row's switch is kept separately: a folder turning Accept off leaves User-Agent alone.
      ...(defaultHeaders ? { defaultHeaders: { ...out.defaultHeaders, ...stripUndefined(defaultHeaders) } } : {}),
    };
  }
  return out;
}

const FROZEN_DEFAULTS: TransportSettings = Object.freeze({
  ...DEFAULT_SETTINGS,
  tls: Object.freeze({ ...DEFAULT_SETTINGS.tls }),
  proxy: Object.freeze({ ...DEFAULT_SETTINGS.proxy }),
  forwardCredentialsTo: Object.freeze([...DEFAULT_SETTINGS.forwardCredentialsTo]) as string[],
});

function isEmpty(level: RequestSettings | undefined): boolean {
  if (!level) return true;
  for (const v of Object.values(level)) if (v !== undefined) return false;
  return true;
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
