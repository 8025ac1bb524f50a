import { isRecord } from './document';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * The names of the requests and folders a note's place lies in, read from the source document:
 * `item[0].item[2].request.auth` of a Postman collection → `Orders / Get user`. Notes keep the
 * place in the document's own terms (exact, but unreadable to most people); this adds the names
 * people know the items by. Keys are matched against the document itself, so places whose keys
 * hold dots or slashes (OpenAPI's `paths./v1.0/users.get`) resolve too. Undefined where the place
 * names no item (a cURL option, a document-wide note).
 */
export function itemAt(doc: unknown, place: string): string | undefined {
  const names: string[] = [];
  let node: unknown = doc;
  let rest = place;
  const keys: string[] = [];
  while (rest !== '') {
    const index = /^\[(\d+)\]/.exec(rest);
    let key: string | undefined;
    if (index && Array.isArray(node)) {
      node = node[Number(index[1])];
      rest = rest.slice(index[0].length);
      key = index[1] as string;
    } else if (isRecord(node)) {
      const r = rest.startsWith('.') ? rest.slice(1) : rest;
      key = Object.keys(node)
        .filter((k) => k !== '' && r.startsWith(k) && (r.length === k.length || r[k.length] === '.' || r[k.length] === '['))
        .sort((a, b) => b.length - a.length)[0];
      if (key === undefined) break;
      node = node[key];
      rest = r.slice(key.length);
    } else break;
    keys.push(key);
    const label = labelOf(node, keys);
    if (label) names.push(label);
  }
  return names.length > 0 ? names.join(' / ') : undefined;
}

/** A request or folder's name: `name` (Postman, Insomnia), an HAR entry's request line, an OpenAPI operation. */
function labelOf(node: unknown, keys: readonly string[]): string | undefined {
  if (!isRecord(node)) return undefined;
  const [first, path, method] = keys;
  if (keys.length === 3 && first === 'paths' && method !== undefined && METHODS.has(method)) {
    const named = [node.summary, node.operationId].find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? `${method.toUpperCase()} ${path ?? ''}`;
    // The import puts an operation in the folder of its first tag.
    const tag = Array.isArray(node.tags) && typeof node.tags[0] === 'string' ? node.tags[0] : undefined;
    return tag ? `${tag} / ${named}` : named;
  }
  if (typeof node.name === 'string' && node.name.trim() !== '') return node.name.trim();
  const request = node.request;
  if (isRecord(request) && typeof request.method === 'string' && typeof request.url === 'string') return `${request.method} ${request.url}`;
  return undefined;
}
