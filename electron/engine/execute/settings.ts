import type { RequestSettings } from '../../../shared/model';
import { DEFAULT_SETTINGS, type TransportSettings } from '../http/types';

/**
 * Effective settings: defaults, then collection, then each folder, then the request; a field set
 * at a deeper level wins, and TLS/proxy blocks merge field by field.
 */
export function mergeSettings(levels: readonly (RequestSettings | undefined)[]): TransportSettings {
  let out: TransportSettings = { ...DEFAULT_SETTINGS, tls: { ...DEFAULT_SETTINGS.tls }, proxy: { ...DEFAULT_SETTINGS.proxy } };
  for (const s of levels) {
    if (!s) continue;
    const { tls, proxy, ...flat } = s;
    const defined = Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined));
    out = {
      ...out,
      ...defined,
      tls: { ...out.tls, ...stripUndefined(tls) },
      proxy: { ...out.proxy, ...stripUndefined(proxy) },
    };
  }
  return out;
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
