import { isKeyholeError } from '../../../../shared/errors';
import type { Snippet, SnippetLang } from '../../../../shared/ipc';
import { api } from '../../lib/api';
import { locate } from '../../lib/tree';
import { placeOf, tabs } from '../../state/tabs';
import { collectionById, environmentOf } from '../../state/workspace';

/** Where "Generate code" takes its request from: a tab's draft (as Send would send it) or a history entry. */
export type CodeSource = { kind: 'tab'; tabId: string } | { kind: 'history'; id: string } | { kind: 'item'; collectionId: string; requestId: string };

export const LANGS: { id: SnippetLang; label: string }[] = [
  { id: 'curl', label: 'cURL' }, { id: 'httpie', label: 'HTTPie' }, { id: 'python', label: 'Python (requests)' },
  { id: 'fetch', label: 'JavaScript (fetch)' }, { id: 'undici', label: 'Node.js (undici)' }, { id: 'go', label: 'Go (net/http)' },
  { id: 'java', label: 'Java (OkHttp)' }, { id: 'csharp', label: 'C# (HttpClient)' },
];

/** The engine's snippet for the source; variables and auth resolve in the tab's collection and environment, as Send does. */
export async function snippetOf(source: CodeSource, lang: SnippetLang, includeSecrets = false): Promise<Snippet> {
  if (source.kind === 'history') return api['history.snippet']({ id: source.id, lang });
  if (source.kind === 'item') return itemSnippet(source.collectionId, source.requestId, lang, includeSecrets);
  const t = tabs.get().tabs.find((x) => x.id === source.tabId);
  if (!t) throw new Error('The tab was closed');
  const env = environmentOf(t.collectionId);
  const collectionId = collectionById(t.collectionId)?.id;
  return api['exchange.snippet']({
    request: t.draft, folders: placeOf(t)?.folders ?? [], lang, includeSecrets,
    ...(collectionId ? { collectionId } : {}), ...(env ? { environment: env } : {}),
  });
}

/** A saved request of the tree, as it is on disk, in its collection's chosen environment. */
function itemSnippet(collectionId: string, requestId: string, lang: SnippetLang, includeSecrets: boolean): Promise<Snippet> {
  const wc = collectionById(collectionId);
  const found = wc ? locate(wc.collection.items, requestId) : undefined;
  if (!wc || !found || found.item.kind !== 'request') throw new Error('That request is no longer in the collection');
  const env = environmentOf(wc.id);
  const { kind: _kind, ...request } = found.item;
  return api['exchange.snippet']({ request, folders: found.folders, lang, includeSecrets, collectionId: wc.id, ...(env ? { environment: env } : {}) });
}

export function errorText(e: unknown): string {
  if (!isKeyholeError(e)) return String(e);
  // "Message. Hint": engine messages end without a full stop, hints are sentences of their own.
  return e.hint ? `${e.message}${/[.!?:]$/.test(e.message) ? '' : '.'} ${e.hint}` : e.message;
}

/** Copies the source as a cURL command; resolves to what to tell the user. */
export async function copyAsCurl(source: CodeSource): Promise<string> {
  try {
    const s = await snippetOf(source, 'curl');
    await navigator.clipboard.writeText(s.output);
    return s.secretsBlanked.length > 0 ? `Copied, with placeholders for ${s.secretsBlanked.join(', ')}` : 'Copied as cURL';
  } catch (e) {
    return `Could not copy: ${errorText(e)}`;
  }
}
