import { z } from 'zod';
import type { Body, Item, KeyValue } from '../model';
import { finish, methodOf, nameFromUrl, splitUrl } from './build';
import { isRecord, type ImportInput } from './document';
import { ReportNotes } from './report';
import type { Importer, ImportOptions, ImportResult } from './types';
import { parseForeign } from './zod-path';

const NameValue = z.looseObject({ name: z.string(), value: z.string().nullish() });
const HarEntry = z.looseObject({
  request: z.looseObject({
    method: z.string(),
    url: z.string(),
    headers: z.array(NameValue).default([]),
    queryString: z.array(NameValue).nullish(),
    postData: z.looseObject({
      mimeType: z.string().nullish(),
      text: z.string().nullish(),
      params: z.array(z.looseObject({ name: z.string(), value: z.string().nullish(), fileName: z.string().nullish(), contentType: z.string().nullish() })).nullish(),
    }).nullish(),
  }),
  response: z.looseObject({ content: z.looseObject({ mimeType: z.string().nullish() }).nullish() }).nullish(),
  _resourceType: z.string().nullish(),
});
const Har = z.looseObject({ log: z.looseObject({ version: z.string().nullish(), entries: z.array(HarEntry) }) });
type HarEntry = z.infer<typeof HarEntry>;

export function isHar(doc: unknown): boolean {
  return isRecord(doc) && isRecord(doc.log) && Array.isArray(doc.log.entries);
}

const STATIC_TYPES = new Set(['image', 'font', 'stylesheet', 'script', 'media', 'manifest', 'texttrack', 'icon']);
const STATIC_MIME = /^(image|font|audio|video)\/|^text\/css|javascript|ecmascript|^application\/(font|wasm)/i;
const STATIC_EXT = /\.(png|jpe?g|gif|svg|ico|webp|avif|bmp|css|js|mjs|map|woff2?|ttf|otf|eot|mp3|mp4|webm|wasm)(\?|#|$)/i;

/** Images, fonts, stylesheets and scripts: what a browser fetched for the page, not the API. */
export function isStaticAsset(e: HarEntry): boolean {
  if (e._resourceType && STATIC_TYPES.has(e._resourceType)) return true;
  const mime = e.response?.content?.mimeType ?? '';
  if (mime && STATIC_MIME.test(mime)) return true;
  return STATIC_EXT.test(e.request.url.split('?')[0] ?? '');
}

/** Headers the transport sets itself; copying them would fight it (wrong length, HTTP/2 pseudo-headers). */
const DROP_HEADERS = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

/** HAR 1.2 → one request per entry, in order. */
export function parseHar(input: ImportInput, opts: ImportOptions = {}): ImportResult {
  const har = parseForeign(Har, input.doc, 'HAR file', input.file);
  const notes = new ReportNotes();
  const items: Item[] = [];
  let dropped = 0;
  har.log.entries.forEach((e, i) => {
    if (opts.dropStaticAssets && isStaticAsset(e)) { dropped++; return; }
    const place = `log.entries[${i}].request`;
    const { url, query } = splitUrl(e.request.url);
    const headers: KeyValue[] = e.request.headers
      .filter((h) => !h.name.startsWith(':') && !DROP_HEADERS.has(h.name.toLowerCase()))
      .map((h) => ({ key: h.name, value: h.value ?? '', enabled: true }));
    const method = methodOf(e.request.method, `${place}.method`);
    items.push({
      kind: 'request', name: nameFromUrl(method, url), method, url, query, headers,
      body: bodyOf(e, `${place}.postData`, notes), auth: { type: 'none' }, settings: {},
    });
  });
  if (dropped > 0) notes.add('log.entries', 'entry', `${dropped} static assets (images, fonts, stylesheets, scripts) dropped as asked`);
  return finish('har', { keyhole: 1, name: opts.name ?? 'HAR import', items }, [], notes.notes);
}

function bodyOf(e: HarEntry, place: string, notes: ReportNotes): Body {
  const pd = e.request.postData;
  if (!pd) return { mode: 'none' };
  const mime = (pd.mimeType ?? '').toLowerCase();
  if (pd.params && pd.params.length > 0 && !pd.text) {
    if (mime.startsWith('multipart/')) {
      return {
        mode: 'multipart',
        fields: pd.params.map((p) => {
          if (p.fileName) {
            notes.add(place, 'body', `file part "${p.name}" (${p.fileName}): HAR holds no file contents; choose the file again`);
            return { kind: 'file' as const, name: p.name, path: '', filename: p.fileName, enabled: true, ...(p.contentType ? { contentType: p.contentType } : {}) };
          }
          return { kind: 'text' as const, name: p.name, value: p.value ?? '', enabled: true };
        }),
      };
    }
    return { mode: 'form-urlencoded', fields: pd.params.map((p) => ({ key: p.name, value: p.value ?? '', enabled: true })) };
  }
  const text = pd.text ?? '';
  if (/json/.test(mime)) return { mode: 'json', text };
  if (/xml/.test(mime)) return { mode: 'xml', text };
  if (mime.startsWith('application/x-www-form-urlencoded')) {
    return { mode: 'form-urlencoded', fields: text.split('&').filter(Boolean).map((p) => splitUrl(`?${p}`).query[0] ?? { key: p, value: '', enabled: true }) };
  }
  if (mime.startsWith('multipart/')) notes.add(place, 'body', 'multipart body kept as raw text (its boundary must match the Content-Type header)');
  return { mode: 'text', text, ...(pd.mimeType ? { contentType: pd.mimeType } : {}) };
}

export const harImporter: Importer = {
  format: 'har',
  detect: (input) => isHar(input.doc),
  parse: parseHar,
};
