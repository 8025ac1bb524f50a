import { mapShared } from '../map-shared';
import { resolveText, type ResolveOptions, type ResolvedUse } from './resolve';

/**
 * Resolves every string inside a plain JSON-like value (a request, an auth block), naming each
 * string's place in error messages ("auth.password of request Login"). Keys of `skip` are left as
 * typed (e.g. `type` discriminators, file paths resolved elsewhere). Arrays and objects with no
 * reference inside come back as they are, not copied: most of a request holds none.
 */
export function resolveDeep<T>(value: T, opts: ResolveOptions, used: ResolvedUse[] = [], path = '', skip: ReadonlySet<string> = DEFAULT_SKIP): T {
  if (typeof value === 'string') {
    // Most strings hold no reference: skip building their place name and result.
    if (!value.includes('{{')) return value;
    const r = resolveText(value, { ...opts, where: path ? `${path} of ${opts.where}` : opts.where });
    used.push(...r.used);
    return r.text as T;
  }
  if (Array.isArray(value)) {
    return mapShared(value as unknown[], (v, i) => resolveDeep(v, opts, used, `${path}[${i}]`, skip)) as T;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(record)) {
      if (skip.has(k)) continue;
      const v = record[k];
      const r = resolveDeep(v, opts, used, path ? `${path}.${k}` : k, skip);
      if (r !== v) (out ??= { ...record })[k] = r;
    }
    return (out ?? value) as T;
  }
  return value;
}

const DEFAULT_SKIP: ReadonlySet<string> = new Set(['type', 'mode', 'kind']);
