import type { KeyValue } from '../../../shared/model';

/**
 * The params table and the URL bar edit the same thing: the URL's query string. Enabled rows live
 * in the URL; disabled rows are kept beside it (request.query with enabled: false) so unticking a
 * row does not lose it. Encoding is left as typed, so {{variables}} survive both directions.
 */
export function splitQuery(url: string): { base: string; params: KeyValue[]; hash: string } {
  const hashAt = url.indexOf('#');
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const noHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const q = noHash.indexOf('?');
  if (q < 0) return { base: noHash, params: [], hash };
  const params = noHash.slice(q + 1).split('&').filter((p) => p !== '').map((pair) => {
    const eq = pair.indexOf('=');
    return { key: eq < 0 ? pair : pair.slice(0, eq), value: eq < 0 ? '' : pair.slice(eq + 1), enabled: true };
  });
  return { base: noHash.slice(0, q), params, hash };
}

export function joinQuery(base: string, params: readonly KeyValue[], hash = ''): string {
  const on = params.filter((p) => p.enabled !== false && (p.key !== '' || p.value !== ''));
  const qs = on.map((p) => (p.value === '' && !p.key.includes('=') ? p.key : `${p.key}=${p.value}`)).join('&');
  return `${base}${qs ? `?${qs}` : ''}${hash}`;
}

/**
 * Table rows for a URL plus the disabled rows kept aside. The request model cannot say where a
 * disabled row sat among the enabled ones (the URL holds those), so `layout`, the table as the
 * user last left it, does: each disabled row goes back to its slot, each enabled slot takes the
 * URL's next parameter, and what the layout does not know (typed into the URL since) comes last.
 */
export function paramRows(url: string, disabled: readonly KeyValue[], layout: readonly KeyValue[] = []): KeyValue[] {
  const on = splitQuery(url).params;
  const off = disabled.filter((d) => d.enabled === false);
  const used = new Set<number>();
  const out: KeyValue[] = [];
  let next = 0;
  for (const slot of layout) {
    if (slot.enabled === false) {
      const j = off.findIndex((d, k) => !used.has(k) && d.key === slot.key && d.value === slot.value);
      const row = off[j];
      if (row) { used.add(j); out.push(row); }
    } else if (slot.key !== '' || slot.value !== '') {
      // An enabled row left empty is not in the URL (joinQuery drops it), so it holds no slot.
      const row = on[next];
      if (row) { next++; out.push(row); }
    }
  }
  return [...out, ...on.slice(next), ...off.filter((_, k) => !used.has(k))];
}

/** After the table changed: the new URL and the rows to keep aside. */
export function applyRows(url: string, rows: readonly KeyValue[]): { url: string; query: KeyValue[] } {
  const { base, hash } = splitQuery(url);
  return { url: joinQuery(base, rows, hash), query: rows.filter((r) => r.enabled === false) };
}

/** Folds enabled query rows (imported requests keep them apart) into the URL once, on open. */
export function normaliseRequestQuery(url: string, query: readonly KeyValue[]): { url: string; query: KeyValue[] } {
  const enabled = query.filter((r) => r.enabled !== false);
  if (enabled.length === 0) return { url, query: [...query] };
  const { base, params, hash } = splitQuery(url);
  return { url: joinQuery(base, [...params, ...enabled], hash), query: query.filter((r) => r.enabled === false) };
}

/** `{{name}}` spans of a text, for highlighting and hover. */
export function variableSpans(text: string): { start: number; end: number; name: string }[] {
  const out: { start: number; end: number; name: string }[] = [];
  const re = /\{\{\s*([^{}\s]+)\s*\}\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, name: m[1] ?? '' });
  return out;
}
