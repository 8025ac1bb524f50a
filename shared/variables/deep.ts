import { resolveText, type ResolveOptions, type ResolvedUse } from './resolve';

/**
 * Resolves every string inside a plain JSON-like value (a request, an auth block), naming each
 * string's place in error messages ("auth.password of request Login"). Keys of `skip` are left as
 * typed (e.g. `type` discriminators, file paths resolved elsewhere).
 */
export function resolveDeep<T>(value: T, opts: ResolveOptions, used: ResolvedUse[] = [], path = '', skip: ReadonlySet<string> = new Set(['type', 'mode', 'kind'])): T {
  if (typeof value === 'string') {
    // Most strings hold no reference: skip building their place name and result.
    if (!value.includes('{{')) return value;
    const r = resolveText(value, { ...opts, where: path ? `${path} of ${opts.where}` : opts.where });
    used.push(...r.used);
    return r.text as T;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => resolveDeep(v, opts, used, `${path}[${i}]`, skip)) as T;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = skip.has(k) ? v : resolveDeep(v, opts, used, path ? `${path}.${k}` : k, skip);
    }
    return out as T;
  }
  return value;
}
