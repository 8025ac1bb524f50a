import { isKeyholeError } from '../../../../shared/errors';
import type { Snippet, SnippetLang } from '../../../../shared/ipc';
import { api } from '../../lib/api';
import { placeOf, tabs } from '../../state/tabs';
import { collectionById, environmentOf } from '../../state/workspace';

/** Where "Generate code" takes its request from: a tab's draft (as Send would send it) or a history entry. */
export type CodeSource = { kind: 'tab'; tabId: string } | { kind: 'history'; id: string };

export const LANGS: { id: SnippetLang; label: string }[] = [
  { id: 'curl', label: 'cURL' }, { id: 'httpie', label: 'HTTPie' }, { id: 'python', label: 'Python (requests)' },
  { id: 'fetch', label: 'JavaScript (fetch)' }, { id: 'undici', label: 'Node.js (undici)' }, { id: 'go', label: 'Go (net/http)' },
  { id: 'java', label: 'Java (OkHttp)' }, { id: 'csharp', label: 'C# (HttpClient)' },
];

/** The engine's snippet for the source; variables and auth resolve in the tab's collection and environment, as Send does. */
export async function snippetOf(source: CodeSource, lang: SnippetLang, includeSecrets = false): Promise<Snippet> {
  if (source.kind === 'history') return api['history.snippet']({ id: source.id, lang });
  const t = tabs.get().tabs.find((x) => x.id === source.tabId);
  if (!t) throw new Error('The tab was closed');
  const env = environmentOf(t.collectionId);
  const collectionId = collectionById(t.collectionId)?.id;
  return api['exchange.snippet']({
    request: t.draft, folders: placeOf(t)?.folders ?? [], lang, includeSecrets,
    ...(collectionId ? { collectionId } : {}), ...(env ? { environment: env } : {}),
  });
}

export function errorText(e: unknown): string {
  return isKeyholeError(e) ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : String(e);
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
