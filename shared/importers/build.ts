import { Collection, Environment, type Item, type KeyValue, type Variable } from '../model';
import type { ImportNote, ImportFormat, ReportNotes } from './report';
import type { ImportResult } from './types';
import { formatPath } from './zod-path';
import { KeyholeError } from '../errors';

/** Decodes %XX once where it is valid; buildUrl encodes again when sending. */
export function decodePart(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `https://h/p?a=1&b` → the URL without its query, and the query as rows (as typed, decoded once). */
export function splitUrl(raw: string): { url: string; query: KeyValue[] } {
  const hash = raw.indexOf('#');
  const noHash = hash >= 0 ? raw.slice(0, hash) : raw;
  const q = noHash.indexOf('?');
  if (q < 0) return { url: raw, query: [] };
  const query: KeyValue[] = [];
  for (const part of noHash.slice(q + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq >= 0 ? part.slice(0, eq) : part;
    const value = eq >= 0 ? part.slice(eq + 1) : '';
    query.push({ key: decodePart(key), value: decodePart(value), enabled: true });
  }
  return { url: noHash.slice(0, q) + (hash >= 0 ? raw.slice(hash) : ''), query };
}

/**
 * A variable name Keyhole accepts (no spaces or braces). Foreign tools allow more; the renamed
 * or dropped ones are reported so references can be fixed.
 */
export function toVariable(
  v: { key: string; value: string; secret?: boolean | undefined; enabled?: boolean | undefined; description?: string | undefined },
  place: string, notes: ReportNotes,
): Variable | undefined {
  const key = v.key.trim().replace(/[{}\s]+/g, '_');
  if (key === '') {
    notes.add(place, 'variable', 'a variable without a name was dropped');
    return undefined;
  }
  if (key !== v.key) notes.add(place, 'variable', `variable "${v.key}" renamed to "${key}" (names have no spaces or braces)`);
  return {
    key, value: v.value, secret: v.secret ?? false, enabled: v.enabled ?? true,
    ...(v.description ? { description: v.description } : {}),
  };
}

export function countItems(items: readonly Item[]): { requests: number; folders: number } {
  let requests = 0;
  let folders = 0;
  const walk = (list: readonly Item[]): void => {
    for (const it of list) {
      if (it.kind !== 'folder') requests++;
      else {
        folders++;
        walk(it.items);
      }
    }
  };
  walk(items);
  return { requests, folders };
}

/**
 * Checks the converted result against Keyhole's own model (applying its defaults). A failure here
 * means the source held something the converter let through; it names the Keyhole path.
 */
export function finish(format: ImportFormat, collection: unknown, environments: unknown[], notes: readonly ImportNote[]): ImportResult {
  const c = Collection.safeParse(collection);
  if (!c.success) {
    const issue = c.error.issues[0];
    throw new KeyholeError('import-failed', `The imported ${format} document does not fit a Keyhole collection at ${formatPath(issue?.path ?? [])}: ${issue?.message ?? ''}`, {
      hint: 'This is a gap in the importer; the source file may still be fine. Please report it with the file.',
      details: { path: formatPath(issue?.path ?? []) },
    });
  }
  const envs = environments.map((e, i) => {
    const r = Environment.safeParse(e);
    if (!r.success) {
      throw new KeyholeError('import-failed', `Imported environment ${i} does not fit the model at ${formatPath(r.error.issues[0]?.path ?? [])}: ${r.error.issues[0]?.message ?? ''}`);
    }
    return r.data;
  });
  const counts = countItems(c.data.items);
  return { collection: c.data, environments: envs, report: { format, ...counts, environments: envs.length, notCarried: [...notes] } };
}

/**
 * `GET api.example/users`: a request named after its URL, as HAR and cURL imports name them. The
 * scheme and any `user:password@` are left out: a name is written in file names and in the file.
 */
export function nameFromUrl(method: string, url: string): string {
  return `${method} ${url.replace(/^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*@)?/i, '')}`.slice(0, 120);
}

/** Names are required in the model; sources often leave them empty. */
export function nameOr(name: string | null | undefined, fallback: string): string {
  const n = (name ?? '').trim();
  return n === '' ? fallback : n;
}

/** A method as an HTTP token, upper-cased; anything else fails the import at its place. */
export function methodOf(m: string | null | undefined, place: string): string {
  const method = (m ?? 'GET').trim().toUpperCase() || 'GET';
  if (!/^[!#$%&'*+.^_`|~0-9A-Z-]+$/.test(method)) {
    throw new KeyholeError('import-failed', `${place}: "${m}" is not an HTTP method`, { details: { path: place } });
  }
  return method;
}
