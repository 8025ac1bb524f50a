import type { RequestSettings } from '../../../shared/model';
import { DEFAULT_SETTINGS, type TransportSettings } from '../http/types';

/**
 * Effective settings: defaults, then collection, then each folder, then the request; a field set
 * at a deeper level wins, and TLS/proxy blocks merge field by field.
 */
export function mergeSettings(levels: readonly (RequestSettings | undefined)[]): TransportSettings {
  // Most requests set nothing at any level: share one frozen copy of the defaults.
  if (levels.every(isEmpty)) return FROZEN_DEFAULTS;
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
