import type { Auth, Body, Collection, Environment, Folder, Item, KeyValue, MultipartField, ProfileSlot, Request, Variable } from '../../model';
import { finish, methodOf, nameOr, splitUrl, decodePart, toVariable } from '../build';
import type { ImportInput } from '../document';
import { isRecord } from '../document';
import { keepAsData, ReportNotes } from '../report';
import { noteScriptApis } from '../scripts';
import type { Importer, ImportOptions, ImportResult } from '../types';
import { parseForeign } from '../zod-path';
import { describeUnsupported, mapPostmanAuth } from './auth';
import { PRUNED_METHODS, settingsFromPpb, type Ppb } from './protocol-profile';
import {
  descriptionText, PmCollection, scalarText,
  type PmAuth, type PmBody, type PmEvent, type PmItem, type PmRequest, type PmUrl, type PmVariable,
} from './schema';

type Scripts = { preRequest?: string; test?: string };

/** The state one import walks with: notes, the profiles created so far and their bindings. */
interface Walk {
  notes: ReportNotes;
  profiles: ProfileSlot[];
  bindings: Record<string, Auth>;
  examples: number;
}

export function isPostmanCollection(doc: unknown): boolean {
  if (!isRecord(doc) || !isRecord(doc.info) || !Array.isArray(doc.item)) return false;
  const schema = doc.info.schema;
  return typeof schema !== 'string' || /getpostman\.com|postman/i.test(schema);
}

/**
 * Postman Collection v2.0/v2.1 → Keyhole. Collection and folder auth become profile slots bound
 * in a generated environment (so credentials live with environments, not in the collection);
 * request auth stays inline. Scripts are kept verbatim.
 */
export function parsePostmanCollection(input: ImportInput, opts: ImportOptions = {}): ImportResult {
  const pm = parseForeign(PmCollection, input.doc, 'Postman collection', input.file);
  const walk: Walk = { notes: new ReportNotes(), profiles: [], bindings: {}, examples: 0 };
  const name = opts.name ?? nameOr(pm.info.name, 'Imported collection');
  const collection: Collection = {
    keyhole: 1,
    name,
    ...(descriptionText(pm.info.description) ? { description: descriptionText(pm.info.description) } : {}),
    variables: variables(pm.variable, 'variable', walk),
    auth: { type: 'none' },
    settings: settingsFromPpb(pm.protocolProfileBehavior, 'collection', 'protocolProfileBehavior', walk.notes),
    profiles: [],
    // A Postman collection keeps Postman's run semantics: unresolved {{variables}} sent as written.
    unresolvedVariables: 'literal',
    semantics: 'postman',
    items: [],
  };
  if (pm.auth) {
    const c = levelAuth(pm.auth, 'Collection', 'auth', walk);
    collection.auth = c.auth;
    if (c.description) collection.description = keepAsData(collection.description, c.description.label, c.description.data);
  }
  const scripts = events(pm.event, 'event', walk);
  if (scripts) collection.scripts = scripts;
  const ppb = ppbOf(pm.protocolProfileBehavior);
  collection.items = pm.item.map((it, i) => item(it, `item[${i}]`, walk, ppb));
  collection.profiles = walk.profiles;
  if (walk.examples > 0) walk.notes.add('item[*].response', 'other', `${walk.examples} saved example responses were not imported`);
  const envs: Environment[] = walk.profiles.length > 0 ? [{ name: 'Default', variables: [], profiles: walk.bindings }] : [];
  return finish('postman', collection, envs, walk.notes.notes);
}

/** Collection/folder auth: "noauth" stays plain, anything else becomes a profile slot. */
function levelAuth(pm: PmAuth, slotName: string, place: string, walk: Walk): { auth: Auth; description?: { label: string; data: unknown } } {
  if (pm.type === 'inherit') return { auth: { type: 'inherit' } };
  const mapped = mapPostmanAuth(pm, place, walk.notes);
  if (mapped.auth.type === 'none') return { auth: mapped.auth, ...(mapped.unsupported ? { description: mapped.unsupported } : {}) };
  let name = slotName;
  for (let n = 2; walk.profiles.some((p) => p.name === name); n++) name = `${slotName} (${n})`;
  walk.profiles.push({ name, description: `Imported from the Postman ${place === 'auth' ? 'collection' : 'folder'} auth (${pm.type})`, allowedOrigins: [] });
  walk.bindings[name] = mapped.auth;
  return { auth: { type: 'profile', profile: name } };
}

function variables(list: PmVariable[] | null | undefined, place: string, walk: Walk): Variable[] {
  const out: Variable[] = [];
  (list ?? []).forEach((v, i) => {
    const key = v.key ?? v.id ?? '';
    const desc = descriptionText(v.description);
    const made = toVariable({ key, value: scalarText(v.value), secret: v.type === 'secret', enabled: v.disabled !== true, description: desc }, `${place}[${i}]`, walk.notes);
    if (made) out.push(made);
  });
  return out;
}

function events(list: PmEvent[] | null | undefined, place: string, walk: Walk): Scripts | undefined {
  const scripts: Scripts = {};
  (list ?? []).forEach((e, i) => {
    const exec = e.script?.exec;
    const code = Array.isArray(exec) ? exec.join('\n') : exec ?? '';
    if (code.trim() === '') return;
    const at = `${place}[${i}]`;
    if (e.listen === 'prerequest') scripts.preRequest = code;
    else if (e.listen === 'test') scripts.test = code;
    else {
      walk.notes.add(at, 'script', `"${e.listen}" script is not a Keyhole script phase; dropped`);
      return;
    }
    if (e.disabled) walk.notes.add(at, 'script', 'script was disabled in Postman; imported enabled');
    noteScriptApis(code, at, walk.notes);
  });
  return scripts.preRequest !== undefined || scripts.test !== undefined ? scripts : undefined;
}

/** A level's protocolProfileBehavior over its parents' (the body pruning reads the result). */
function ppbOf(own: unknown, parent: Ppb = {}): Ppb {
  return isRecord(own) ? { ...parent, ...own } : parent;
}

function item(it: PmItem, place: string, walk: Walk, inherited: Ppb): Item {
  const isFolder = Array.isArray(it.item) || (it.request === undefined || it.request === null);
  if (isFolder) {
    const name = nameOr(it.name, 'Folder');
    const settings = settingsFromPpb(it.protocolProfileBehavior, 'folder', `${place}.protocolProfileBehavior`, walk.notes);
    const folder: Folder = { name, auth: { type: 'inherit' }, settings, items: [] };
    let description = descriptionText(it.description);
    if (it.auth) {
      const a = levelAuth(it.auth, name, `${place}.auth`, walk);
      folder.auth = a.auth;
      if (a.description) description = keepAsData(description, a.description.label, a.description.data);
    }
    if (description) folder.description = description;
    const scripts = events(it.event, `${place}.event`, walk);
    if (scripts) folder.scripts = scripts;
    if (it.variable && it.variable.length > 0) walk.notes.add(`${place}.variable`, 'variable', 'folder variables are not supported; dropped');
    const ppb = ppbOf(it.protocolProfileBehavior, inherited);
    folder.items = (it.item ?? []).map((child, i) => item(child, `${place}.item[${i}]`, walk, ppb));
    return { kind: 'folder', ...folder };
  }
  return { kind: 'request', ...request(it, place, walk, inherited) };
}

function request(it: PmItem, place: string, walk: Walk, inherited: Ppb): Request {
  const raw: Exclude<PmRequest, string> = typeof it.request === 'string' ? { url: it.request } : it.request ?? {};
  const name = nameOr(it.name, 'Request');
  const { url, query } = urlOf(raw.url, `${place}.request.url`, walk);
  let description = descriptionText(it.description) ?? descriptionText(raw.description);
  let auth: Auth = { type: 'inherit' };
  if (raw.auth) {
    const mapped = mapPostmanAuth(raw.auth, `${place}.request.auth`, walk.notes);
    auth = mapped.auth;
    description = describeUnsupported(description, mapped);
  }
  const headers = headersOf(raw.header);
  const method = methodOf(raw.method, `${place}.request.method`);
  const pruned = prunedBody(method, raw.body, ppbOf(it.protocolProfileBehavior, inherited));
  const b = pruned ? { body: { mode: 'none' } as Body, unsupported: raw.body } : bodyOf(raw.body, headers, `${place}.request.body`, walk);
  if (pruned) walk.notes.add(`${place}.request.body`, 'body', `a ${method} body is not sent (Postman prunes it unless protocolProfileBehavior.disableBodyPruning is set); kept as data in the description`);
  if (b.unsupported) description = keepAsData(description, 'postman body', b.unsupported);
  const scripts = events(it.event, `${place}.event`, walk);
  const responses = (it as { response?: unknown }).response;
  if (Array.isArray(responses)) walk.examples += responses.length;
  return {
    name, method, url, query, headers, body: b.body, auth,
    settings: settingsFromPpb(it.protocolProfileBehavior, 'request', `${place}.protocolProfileBehavior`, walk.notes),
    ...(description ? { description } : {}),
    ...(scripts ? { scripts } : {}),
  };
}

function urlOf(u: PmUrl | null | undefined, place: string, walk: Walk): { url: string; query: KeyValue[] } {
  if (u === null || u === undefined) return { url: '', query: [] };
  if (typeof u === 'string') return splitUrl(u);
  let raw = u.raw ?? '';
  if (raw === '') {
    const host = Array.isArray(u.host) ? u.host.join('.') : u.host ?? '';
    const path = Array.isArray(u.path) ? u.path.map((p) => (typeof p === 'string' ? p : p.value ?? '')).join('/') : u.path ?? '';
    raw = `${u.protocol ? `${u.protocol}://` : ''}${host}${u.port ? `:${u.port}` : ''}${path ? `/${path.replace(/^\//, '')}` : ''}`;
  }
  const split = splitUrl(raw);
  let url = split.url;
  for (const [i, v] of (u.variable ?? []).entries()) {
    const key = v.key ?? v.id;
    if (!key) continue;
    const value = scalarText(v.value);
    const re = new RegExp(`(/):${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=/|$|\\?|#)`, 'g');
    if (!re.test(url)) continue;
    url = url.replace(re, `$1${value === '' ? `{{${key}}}` : value}`);
    walk.notes.add(`${place}.variable[${i}]`, 'variable', `path variable :${key} replaced by ${value === '' ? `{{${key}}}` : 'its value'} (Keyhole has no path variables)`);
  }
  // The structured query keeps disabled rows the raw URL drops.
  const rows: KeyValue[] = u.query
    ? u.query.filter((q) => (q.key ?? '') !== '' || scalarText(q.value) !== '').map((q) => ({
      key: decodePart(q.key ?? ''), value: decodePart(scalarText(q.value)), enabled: q.disabled !== true,
      ...(descriptionText(q.description) ? { description: descriptionText(q.description) } : {}),
    }))
    : split.query;
  // Query text that rows cannot give back as written (a+b, a&&b, a key with no "=") stays in the
  // URL as typed, as Postman sends it; only the disabled rows remain rows.
  const typed = queryText(raw);
  if (typed !== undefined && !rowsGiveBack(typed)) return { url: withQuery(url, typed), query: rows.filter((r) => r.enabled === false) };
  return { url, query: rows };
}

function queryText(raw: string): string | undefined {
  const noHash = raw.split('#')[0] ?? '';
  const q = noHash.indexOf('?');
  return q < 0 ? undefined : noHash.slice(q + 1);
}

function rowsGiveBack(query: string): boolean {
  return query.split('&').every((part) => part !== '' && part.includes('=') && !part.includes('+'));
}

function withQuery(url: string, query: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? `${url}?${query}` : `${url.slice(0, hash)}?${query}${url.slice(hash)}`;
}

function headersOf(h: Exclude<PmRequest, string>['header']): KeyValue[] {
  if (h === null || h === undefined) return [];
  if (typeof h === 'string') {
    return h.split(/\r?\n/).filter((l) => l.includes(':')).map((l) => {
      const i = l.indexOf(':');
      return { key: l.slice(0, i).trim(), value: l.slice(i + 1).trim(), enabled: true };
    });
  }
  return h.filter((x) => (x.key ?? '') !== '').map((x) => ({
    key: x.key ?? '', value: scalarText(x.value), enabled: x.disabled !== true,
    ...(descriptionText(x.description) ? { description: descriptionText(x.description) } : {}),
  }));
}

function prunedBody(method: string, b: PmBody | null | undefined, ppb: Ppb): boolean {
  if (!b || !b.mode || !PRUNED_METHODS.has(method.toUpperCase())) return false;
  if (ppb.disableBodyPruning === true) return false;
  const content = b.mode === 'raw' ? b.raw : b.mode === 'urlencoded' ? b.urlencoded?.length : b.mode === 'formdata' ? b.formdata?.length : b.mode === 'file' ? b.file?.src : b.mode === 'graphql' ? b.graphql?.query : undefined;
  return Boolean(content);
}

const RAW_TYPES: Record<string, string> = { javascript: 'application/javascript', html: 'text/html', text: 'text/plain' };

function bodyOf(b: PmBody | null | undefined, headers: KeyValue[], place: string, walk: Walk): { body: Body; unsupported?: unknown } {
  if (!b || !b.mode) return { body: { mode: 'none' } };
  if (b.disabled) walk.notes.add(place, 'body', 'body was disabled in Postman; imported enabled');
  switch (b.mode) {
    case 'raw': {
      const text = b.raw ?? '';
      const language = b.options?.raw?.language ?? undefined;
      const ct = headers.find((h) => h.key.toLowerCase() === 'content-type')?.value.toLowerCase() ?? '';
      if (language === 'json' || (!language && /json/.test(ct))) return { body: { mode: 'json', text } };
      if (language === 'xml' || (!language && /xml/.test(ct))) return { body: { mode: 'xml', text } };
      const contentType = language ? RAW_TYPES[language] : undefined;
      return { body: { mode: 'text', text, ...(contentType && contentType !== 'text/plain' ? { contentType } : {}) } };
    }
    case 'urlencoded':
      return { body: { mode: 'form-urlencoded', fields: (b.urlencoded ?? []).map((f) => ({ key: f.key ?? '', value: scalarText(f.value), enabled: f.disabled !== true, ...(descriptionText(f.description) ? { description: descriptionText(f.description) } : {}) })) } };
    case 'formdata': {
      const fields: MultipartField[] = [];
      (b.formdata ?? []).forEach((f, i) => {
        const enabled = f.disabled !== true;
        const contentType = f.contentType ?? undefined;
        if (f.type === 'file') {
          const srcs = Array.isArray(f.src) ? f.src : [f.src ?? ''];
          if (srcs.length === 0 || srcs.every((x) => x === '')) walk.notes.add(`${place}.formdata[${i}]`, 'body', `file field "${f.key ?? ''}" has no file chosen`);
          for (const src of srcs.length > 0 ? srcs : ['']) fields.push({ kind: 'file', name: f.key ?? '', path: src, enabled, ...(contentType ? { contentType } : {}) });
        } else {
          fields.push({ kind: 'text', name: f.key ?? '', value: scalarText(f.value), enabled, ...(contentType ? { contentType } : {}) });
        }
      });
      return { body: { mode: 'multipart', fields } };
    }
    case 'file': {
      if (b.file?.content !== undefined && b.file?.content !== null && !b.file.src) return { body: { mode: 'text', text: b.file.content } };
      if (!b.file?.src) walk.notes.add(place, 'body', 'binary body has no file chosen');
      return { body: { mode: 'binary', path: b.file?.src ?? '' } };
    }
    case 'graphql': {
      const g = b.graphql ?? {};
      const vars = g.variables === null || g.variables === undefined ? '' : typeof g.variables === 'string' ? g.variables : JSON.stringify(g.variables, null, 2);
      return { body: { mode: 'graphql', query: g.query ?? '', variables: vars, ...(g.operationName ? { operationName: g.operationName } : {}) } };
    }
    default:
      walk.notes.add(place, 'body', `body mode "${b.mode}" is not supported; kept as data in the description`);
      return { body: { mode: 'none' }, unsupported: b };
  }
}

export const postmanImporter: Importer = {
  format: 'postman',
  detect: (input) => isPostmanCollection(input.doc),
  parse: parsePostmanCollection,
};
