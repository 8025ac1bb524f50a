import { z } from 'zod';
import type { Auth, Body, Environment, Folder, Item, KeyValue, MultipartField, Request, Variable } from '../../model';
import { finish, nameOr } from '../build';
import { isRecord } from '../document';
import { ReportNotes } from '../report';
import type { ImportOptions, ImportResult } from '../types';
import { parseForeign } from '../zod-path';
import { exampleOf, exampleText, toXml } from './example';
import { requirementAuth, securityProfiles } from './security';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type Obj = Record<string, unknown>;

const Operation = z.looseObject({ parameters: z.array(z.looseObject({})).nullish(), tags: z.array(z.string()).nullish(), summary: z.string().nullish(), operationId: z.string().nullish() });
const PathItem = z.looseObject({ parameters: z.array(z.looseObject({})).nullish(), ...Object.fromEntries(METHODS.map((m) => [m, Operation.nullish()])) });
/** Only the shape the conversion walks; the rest of the spec is read leniently. */
export const OpenApiShape = z.looseObject({
  openapi: z.string().regex(/^3\./, 'OpenAPI version must be 3.x').optional(),
  swagger: z.literal('2.0').optional(),
  info: z.looseObject({ title: z.string().nullish(), description: z.string().nullish() }),
  paths: z.record(z.string(), PathItem).nullish(),
}).refine((d) => d.openapi !== undefined || d.swagger !== undefined, { message: 'neither "openapi" nor "swagger" version field' });

export function isOpenApi(doc: unknown): boolean {
  return isRecord(doc) && (typeof doc.openapi === 'string' || doc.swagger === '2.0') && isRecord(doc.info);
}

/**
 * A dereferenced OpenAPI 3.0/3.1 or Swagger 2.0 document → one request per operation, grouped in
 * folders by first tag, URLs as `{{baseUrl}}/path` with path parameters filled with examples,
 * optional parameters present but disabled, bodies generated from the schema. Each server becomes
 * an environment with its baseUrl; each security scheme a profile slot bound in every environment.
 */
export function convertOpenApi(doc: unknown, opts: ImportOptions = {}, file?: string): ImportResult {
  const spec = parseForeign(OpenApiShape, doc, 'OpenAPI/Swagger document', file) as Obj & z.infer<typeof OpenApiShape>;
  const notes = new ReportNotes();
  const v2 = spec.swagger === '2.0';
  const components = isRecord(spec.components) ? spec.components : {};
  const { slots, bindings } = securityProfiles(v2 ? spec.securityDefinitions : components.securitySchemes, v2 ? 'securityDefinitions' : 'components.securitySchemes', notes);
  const known = new Set(slots.map((s) => s.name));
  const servers = serversOf(spec, v2, notes);
  const rootAuth = requirementAuth(spec.security, known, 'security', notes) ?? { type: 'none' };
  const folders = new Map<string, Folder>();
  const tagOrder = (Array.isArray(spec.tags) ? spec.tags : []).filter(isRecord).map((t) => String(t.name));
  for (const t of tagOrder) folders.set(t, { name: nameOr(t, 'Untagged'), auth: { type: 'inherit' }, settings: {}, items: [] });
  const root: Item[] = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    const pathParams = (item.parameters ?? []) as Obj[];
    for (const method of METHODS) {
      const op = item[method] as Obj | null | undefined;
      if (!op) continue;
      const place = `paths.${path}.${method}`;
      const req = operation(path, method, op, pathParams, spec, v2, known, place, notes);
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : undefined;
      if (tag === undefined) { root.push({ kind: 'request', ...req }); continue; }
      let folder = folders.get(tag);
      if (!folder) { folder = { name: nameOr(tag, 'Untagged'), auth: { type: 'inherit' }, settings: {}, items: [] }; folders.set(tag, folder); }
      folder.items.push({ kind: 'request', ...req });
    }
  }
  if (isRecord(spec.webhooks) && Object.keys(spec.webhooks).length > 0) notes.add('webhooks', 'entry', `${Object.keys(spec.webhooks).length} webhooks describe requests the API sends; not imported`);
  const folderItems: Item[] = [...folders.values()].filter((f) => f.items.length > 0).map((f) => {
    const tag = (Array.isArray(spec.tags) ? spec.tags : []).filter(isRecord).find((t) => t.name === f.name);
    return { kind: 'folder' as const, ...f, ...(tag && typeof tag.description === 'string' && tag.description ? { description: tag.description } : {}) };
  });
  const first = servers[0];
  const variables: Variable[] = [{ key: 'baseUrl', value: first?.url ?? '', secret: false, enabled: true }];
  const envs: Environment[] = servers.map((s, i) => ({ name: uniqueEnvName(servers, i), variables: [{ key: 'baseUrl', value: s.url, secret: false, enabled: true }, ...s.vars], profiles: { ...bindings } }));
  if (envs.length === 0 && slots.length > 0) envs.push({ name: 'Default', variables: [], profiles: { ...bindings } });
  if (slots.length > 0) notes.add(v2 ? 'securityDefinitions' : 'components.securitySchemes', 'auth', `${slots.length} auth profiles (${slots.map((s) => s.name).join(', ')}) were made with empty credentials: fill them in per environment`);
  const description = typeof spec.info.description === 'string' && spec.info.description ? spec.info.description : undefined;
  return finish('openapi', {
    keyhole: 1, name: opts.name ?? nameOr(spec.info.title, 'OpenAPI import'), ...(description ? { description } : {}),
    variables: [...variables, ...(first?.vars ?? [])], auth: rootAuth, profiles: slots, items: [...folderItems, ...root],
  }, envs, notes.notes);
}

function uniqueEnvName(servers: { name: string }[], i: number): string {
  const name = servers[i]?.name ?? `Server ${i + 1}`;
  return servers.findIndex((s) => s.name === name) === i ? name : `${name} (${i + 1})`;
}

function serversOf(spec: Obj, v2: boolean, notes: ReportNotes): { name: string; url: string; vars: Variable[] }[] {
  if (v2) {
    const host = typeof spec.host === 'string' ? spec.host : undefined;
    const base = typeof spec.basePath === 'string' ? spec.basePath.replace(/\/$/, '') : '';
    const schemes = Array.isArray(spec.schemes) && spec.schemes.length > 0 ? spec.schemes.map(String) : ['https'];
    if (!host) { notes.add('host', 'other', 'no host: set baseUrl to the API origin'); return [{ name: 'Default', url: base, vars: [] }]; }
    return schemes.map((s) => ({ name: `${s}://${host}`, url: `${s}://${host}${base}`, vars: [] }));
  }
  const list = (Array.isArray(spec.servers) ? spec.servers : []).filter(isRecord);
  return list.map((s, i) => {
    const vars: Variable[] = [];
    const url = String(s.url ?? '').replace(/\/$/, '').replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const def = isRecord(s.variables) && isRecord(s.variables[name]) ? s.variables[name].default : undefined;
      const key = name.replace(/[{}\s]+/g, '_');
      if (!vars.some((v) => v.key === key)) vars.push({ key, value: def === undefined ? '' : String(def), secret: false, enabled: true });
      return `{{${key}}}`;
    });
    if (!/^[a-z]+:\/\//i.test(url) && !url.startsWith('{{')) notes.add(`servers[${i}].url`, 'other', `relative server URL "${url}": set baseUrl to the API origin`);
    return { name: typeof s.description === 'string' && s.description ? s.description : url || `Server ${i + 1}`, url, vars };
  });
}

function paramExample(p: Obj): string {
  if (p.example !== undefined) return exampleText(p.example);
  if (isRecord(p.examples)) {
    const first = Object.values(p.examples)[0];
    if (isRecord(first) && first.value !== undefined) return exampleText(first.value);
  }
  return exampleText(exampleOf(isRecord(p.schema) ? p.schema : p));
}

function operation(path: string, method: string, op: Obj, pathParams: Obj[], spec: Obj, v2: boolean, known: Set<string>, place: string, notes: ReportNotes): Request {
  const params = new Map<string, Obj>();
  for (const p of [...pathParams, ...((op.parameters ?? []) as Obj[])]) if (isRecord(p) && typeof p.name === 'string') params.set(`${String(p.in)}:${p.name}`, p);
  let url = `{{baseUrl}}${path}`;
  const query: KeyValue[] = [];
  const headers: KeyValue[] = [];
  const cookies: string[] = [];
  const form: Obj[] = [];
  let bodyParam: Obj | undefined;
  for (const p of params.values()) {
    const name = String(p.name);
    const value = paramExample(p);
    const enabled = p.required === true;
    const description = typeof p.description === 'string' && p.description ? { description: p.description } : {};
    if (p.in === 'path') url = url.split(`{${name}}`).join(encodeURIComponent(value || name));
    else if (p.in === 'query') query.push({ key: name, value, enabled, ...description });
    else if (p.in === 'header') headers.push({ key: name, value, enabled, ...description });
    else if (p.in === 'cookie') { if (enabled) cookies.push(`${name}=${value}`); }
    else if (p.in === 'body') bodyParam = p;
    else if (p.in === 'formData') form.push(p);
  }
  if (cookies.length > 0) headers.push({ key: 'Cookie', value: cookies.join('; '), enabled: true });
  const body = v2 ? bodyV2(op, spec, bodyParam, form, headers) : bodyV3(op.requestBody, headers, `${place}.requestBody`, notes);
  noteFilesToChoose(body, `${place}.${v2 ? 'parameters' : 'requestBody'}`, notes);
  if (isRecord(op.callbacks)) notes.add(`${place}.callbacks`, 'entry', 'callbacks are not imported');
  const auth: Auth = requirementAuth(op.security, known, `${place}.security`, notes) ?? { type: 'inherit' };
  const name = nameOr(typeof op.summary === 'string' ? op.summary : typeof op.operationId === 'string' ? op.operationId : undefined, `${method.toUpperCase()} ${path}`);
  const description = [op.description, op.deprecated === true ? '(deprecated)' : undefined].filter((x): x is string => typeof x === 'string' && x !== '').join('\n\n');
  return { name: name.slice(0, 200), method: method.toUpperCase(), url, query, headers, body, auth, settings: {}, ...(description ? { description } : {}) };
}

/** A spec describes an upload but names no file: the request is kept and says which to choose. */
function noteFilesToChoose(body: Body, place: string, notes: ReportNotes): void {
  const empty = body.mode === 'binary' ? (body.path === '' ? ['(body)'] : [])
    : body.mode === 'multipart' ? body.fields.filter((f) => f.kind === 'file' && f.path === '').map((f) => f.name) : [];
  if (empty.length > 0) notes.add(place, 'body', `file upload ${empty.join(', ')} has no file: choose one before sending`);
}

const PREFERRED = [/^application\/json/, /\+json/, /^application\/x-www-form-urlencoded/, /^multipart\/form-data/, /xml/, /^text\//];

function pickMedia(types: string[]): string | undefined {
  for (const re of PREFERRED) { const hit = types.find((t) => re.test(t)); if (hit) return hit; }
  return types[0];
}

function bodyFromExample(mime: string, example: unknown, schema: unknown, headers: KeyValue[]): Body {
  if (/json/.test(mime)) {
    if (mime !== 'application/json') headers.push({ key: 'Content-Type', value: mime, enabled: true });
    return { mode: 'json', text: JSON.stringify(example ?? {}, null, 2) };
  }
  if (mime.startsWith('application/x-www-form-urlencoded') || mime.startsWith('multipart/')) {
    const props = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
    const ex = isRecord(example) ? example : {};
    const keys = Object.keys({ ...props, ...ex });
    if (mime.startsWith('multipart/')) {
      const fields: MultipartField[] = keys.map((k) => {
        const p = props[k];
        const isFile = isRecord(p) && (p.format === 'binary' || p.format === 'base64' || p.contentMediaType !== undefined);
        return isFile ? { kind: 'file', name: k, path: '', enabled: true } : { kind: 'text', name: k, value: exampleText(ex[k]), enabled: true };
      });
      return { mode: 'multipart', fields };
    }
    return { mode: 'form-urlencoded', fields: keys.map((k) => ({ key: k, value: exampleText(ex[k]), enabled: true })) };
  }
  if (/xml/.test(mime)) {
    const root = isRecord(schema) && isRecord(schema.xml) && typeof schema.xml.name === 'string' ? schema.xml.name : 'root';
    return { mode: 'xml', text: typeof example === 'string' ? example : toXml(example ?? {}, root) };
  }
  if (mime === 'application/octet-stream' || /^(image|audio|video)\//.test(mime)) return { mode: 'binary', path: '', contentType: mime };
  return { mode: 'text', text: typeof example === 'string' ? example : example === undefined ? '' : JSON.stringify(example, null, 2), contentType: mime };
}

function bodyV3(rb: unknown, headers: KeyValue[], place: string, notes: ReportNotes): Body {
  if (!isRecord(rb) || !isRecord(rb.content)) return { mode: 'none' };
  const types = Object.keys(rb.content);
  const mime = pickMedia(types);
  if (!mime) return { mode: 'none' };
  if (types.length > 1) notes.add(place, 'body', `several media types (${types.join(', ')}): the request uses ${mime}`);
  const media = rb.content[mime];
  const m = isRecord(media) ? media : {};
  let example: unknown = m.example;
  if (example === undefined && isRecord(m.examples)) {
    const first = Object.values(m.examples)[0];
    if (isRecord(first)) example = first.value;
  }
  if (example === undefined) example = exampleOf(m.schema);
  return bodyFromExample(mime.toLowerCase(), example, m.schema, headers);
}

function bodyV2(op: Obj, spec: Obj, bodyParam: Obj | undefined, form: Obj[], headers: KeyValue[]): Body {
  const consumes = (Array.isArray(op.consumes) ? op.consumes : Array.isArray(spec.consumes) ? spec.consumes : []).map(String);
  if (bodyParam) {
    const mime = pickMedia(consumes) ?? 'application/json';
    const schema = bodyParam.schema;
    const ex = isRecord(bodyParam['x-example']) ? bodyParam['x-example'] : exampleOf(schema);
    return bodyFromExample(mime.toLowerCase(), ex, schema, headers);
  }
  if (form.length === 0) return { mode: 'none' };
  const multipart = form.some((p) => p.type === 'file') || consumes.some((c) => c.startsWith('multipart/'));
  if (multipart) {
    return {
      mode: 'multipart',
      fields: form.map((p) => (p.type === 'file'
        ? { kind: 'file' as const, name: String(p.name), path: '', enabled: p.required === true }
        : { kind: 'text' as const, name: String(p.name), value: paramExample(p), enabled: p.required === true })),
    };
  }
  return { mode: 'form-urlencoded', fields: form.map((p) => ({ key: String(p.name), value: paramExample(p), enabled: p.required === true })) };
}
