import { ReportNotes } from '../../../shared/importers/report';
import type { Auth, Body, Collection, Folder, Item, KeyValue, Request, Variable } from '../../../shared/model';
import { PRUNED_METHODS, ppbFromSettings } from '../../../shared/importers/postman/protocol-profile';
import { toPostmanAuth, type PostmanAuth } from './postman-auth';
import { newLedger, scrubAuth, scrubVariables, secretWarning, type SecretLedger } from './secrets';
import type { ExportOptions, ExportResult } from './types';

export const POSTMAN_SCHEMA_V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

type Json = Record<string, unknown>;
interface Ctx { notes: ReportNotes; ledger: SecretLedger; opts: ExportOptions; profilesUsed: Set<string> }

/**
 * Keyhole collection → Postman Collection v2.1 JSON. Profile auth is inlined from the chosen
 * environment's binding, or the bindings every environment shares (Postman has no profiles;
 * exportBindings chooses); secrets are blanked unless includeSecrets; scripts are exported
 * verbatim as prerequest/test events.
 */
export function exportPostman(collection: Collection, opts: ExportOptions = {}): ExportResult {
  const ctx: Ctx = { notes: new ReportNotes(), ledger: newLedger(), opts, profilesUsed: new Set() };
  const doc: Json = {
    info: { name: collection.name, schema: POSTMAN_SCHEMA_V21, ...(collection.description ? { description: collection.description } : {}) },
    item: collection.items.map((it, i) => item(it, `items[${i}]`, ctx)).filter((j) => j !== undefined),
  };
  const auth = authOf(collection.auth, 'auth', ctx);
  if (auth) doc.auth = auth;
  const event = events(collection.scripts);
  if (event.length > 0) doc.event = event;
  const ppb = ppbFromSettings(collection.settings, 'collection', 'collection', ctx.notes);
  if (ppb) doc.protocolProfileBehavior = ppb;
  const envVars = opts.environment ? scrubVariables(opts.environment.variables, `environment ${opts.environment.name}`, opts.includeSecrets === true, ctx.ledger) : [];
  const vars = [...scrubVariables(collection.variables, 'variables', opts.includeSecrets === true, ctx.ledger), ...envVars.filter((e) => !collection.variables.some((v) => v.key === e.key))];
  if (vars.length > 0) doc.variable = vars.map(variable);
  if (envVars.length > 0) ctx.notes.add(`environment ${opts.environment?.name ?? ''}`, 'variable', 'environment variables were exported as collection variables');
  return {
    output: `${JSON.stringify(doc, null, 2)}\n`,
    report: { format: 'postman', secretsBlanked: ctx.ledger.blanked, warnings: secretWarning(ctx.ledger), notCarried: ctx.notes.notes },
  };
}

function variable(v: Variable): Json {
  return { key: v.key, value: v.value, type: 'string', ...(v.enabled ? {} : { disabled: true }), ...(v.description ? { description: v.description } : {}) };
}

function authOf(auth: Auth, place: string, ctx: Ctx): PostmanAuth | undefined {
  let concrete: Auth = auth;
  if (auth.type === 'profile') {
    const { environment, sharedProfiles } = ctx.opts;
    const bound = environment ? ownBinding(environment.profiles, auth.profile) : ownBinding(sharedProfiles ?? {}, auth.profile);
    if (!bound || bound.type === 'profile' || bound.type === 'inherit') {
      ctx.notes.add(place, 'auth', `auth profile "${auth.profile}" is not bound${environment ? ` in environment ${environment.name}` : ' (no environment chosen)'}; exported as no auth`);
      return { type: 'noauth' };
    }
    concrete = bound;
    if (!environment && !ctx.profilesUsed.has(auth.profile)) sharedNote(auth.profile, bound, ctx);
    ctx.profilesUsed.add(auth.profile);
  }
  const scrubbed = scrubAuth(concrete, auth.type === 'profile' ? `profile ${auth.profile}` : place, ctx.opts.includeSecrets === true, ctx.ledger);
  return toPostmanAuth(scrubbed, place, ctx.notes);
}

const ownBinding = (profiles: Record<string, Auth>, name: string): Auth | undefined => (Object.hasOwn(profiles, name) ? profiles[name] : undefined);

/** A binding exported from no environment names the variables the importer's environment must define. */
function sharedNote(profile: string, auth: Auth, ctx: Ctx): void {
  const names = [...new Set([...JSON.stringify(auth).matchAll(/\{\{([^{}]+)\}\}/g)].map((m) => (m[1] ?? '').trim()))];
  if (names.length === 0) return;
  ctx.notes.add(`profile ${profile}`, 'auth', `every environment binds it the same way, so it is exported with no environment: ${names.map((n) => `{{${n}}}`).join(', ')} must be defined where the collection is imported`);
}

function events(scripts: Folder['scripts']): Json[] {
  const out: Json[] = [];
  const ev = (listen: string, code: string): Json => ({ listen, script: { type: 'text/javascript', exec: code.split('\n') } });
  if (scripts?.preRequest) out.push(ev('prerequest', scripts.preRequest));
  if (scripts?.test) out.push(ev('test', scripts.test));
  return out;
}

function item(it: Item, place: string, ctx: Ctx): Json | undefined {
  if (it.kind === 'folder') {
    const out: Json = { name: it.name, item: it.items.map((c, i) => item(c, `${place}.items[${i}]`, ctx)).filter((j) => j !== undefined) };
    if (it.description) out.description = it.description;
    const auth = authOf(it.auth, `${place}.auth`, ctx);
    if (auth) out.auth = auth;
    const event = events(it.scripts);
    if (event.length > 0) out.event = event;
    const ppb = ppbFromSettings(it.settings, 'folder', place, ctx.notes);
    if (ppb) out.protocolProfileBehavior = ppb;
    return out;
  }
  if (it.kind === 'websocket') {
    // Postman keeps WebSocket requests outside its collection format (v2.1 has no such item).
    ctx.notes.add(place, 'entry', `WebSocket request "${it.name}" has no place in a Postman v2.1 collection; it was left out`);
    return undefined;
  }
  return request(it, place, ctx);
}

function kvs(rows: readonly KeyValue[]): Json[] {
  return rows.map((r) => ({ key: r.key, value: r.value, ...(r.enabled ? {} : { disabled: true }), ...(r.description ? { description: r.description } : {}) }));
}

function url(r: Request): Json {
  const query = r.query.map((q) => `${encodeURIComponent(q.key)}=${encodeURIComponent(q.value).replace(/%7B/gi, '{').replace(/%7D/gi, '}')}`);
  const enabled = r.query.filter((q) => q.enabled).map((q, i) => query[r.query.indexOf(q)] ?? `${i}`);
  const raw = enabled.length > 0 ? `${r.url}${r.url.includes('?') ? '&' : '?'}${enabled.join('&')}` : r.url;
  const out: Json = { raw };
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#]*)([^?#]*)/i.exec(r.url);
  if (m) {
    if (m[1]) out.protocol = m[1];
    const hostPort = m[2] ?? '';
    const portMatch = /^(.*?)(?::(\d+|\{\{[^}]+\}\}))?$/.exec(hostPort);
    out.host = (portMatch?.[1] ?? hostPort).split('.');
    if (portMatch?.[2]) out.port = portMatch[2];
    const path = (m[3] ?? '').replace(/^\//, '');
    if (path !== '') out.path = path.split('/');
  }
  if (r.query.length > 0) out.query = kvs(r.query);
  return out;
}

function body(b: Body, place: string, ctx: Ctx): Json | undefined {
  switch (b.mode) {
    case 'none': return undefined;
    case 'json': return { mode: 'raw', raw: b.text, options: { raw: { language: 'json' } } };
    case 'xml': return { mode: 'raw', raw: b.text, options: { raw: { language: 'xml' } } };
    case 'text': {
      const language = b.contentType === 'application/javascript' ? 'javascript' : b.contentType === 'text/html' ? 'html' : 'text';
      return { mode: 'raw', raw: b.text, options: { raw: { language } } };
    }
    case 'form-urlencoded': return { mode: 'urlencoded', urlencoded: kvs(b.fields) };
    case 'multipart':
      return {
        mode: 'formdata',
        formdata: b.fields.map((f) => (f.kind === 'text'
          ? { key: f.name, value: f.value, type: 'text', ...(f.enabled ? {} : { disabled: true }), ...(f.contentType ? { contentType: f.contentType } : {}) }
          : { key: f.name, src: f.path, type: 'file', ...(f.enabled ? {} : { disabled: true }), ...(f.contentType ? { contentType: f.contentType } : {}) })),
      };
    case 'binary':
      if (b.contentType) ctx.notes.add(place, 'body', 'binary body content type is carried only by a Content-Type header in Postman');
      return { mode: 'file', file: { src: b.path } };
    case 'graphql': return { mode: 'graphql', graphql: { query: b.query, variables: b.variables, ...(b.operationName ? { operationName: b.operationName } : {}) } };
  }
}

function request(r: Request, place: string, ctx: Ctx): Json {
  const req: Json = { method: r.method, header: kvs(r.headers), url: url(r) };
  const b = body(r.body, `${place}.body`, ctx);
  if (b) req.body = b;
  const auth = authOf(r.auth, `${place}.auth`, ctx);
  if (auth) req.auth = auth;
  if (r.description) req.description = r.description;
  const out: Json = { name: r.name, request: req, response: [] };
  const event = events(r.scripts);
  if (event.length > 0) out.event = event;
  const ppb = ppbFromSettings(r.settings, 'request', place, ctx.notes) ?? {};
  // Postman drops a GET (HEAD, COPY, PURGE, UNLOCK) body unless told not to; Keyhole sends it.
  if (b && PRUNED_METHODS.has(r.method.toUpperCase())) ppb.disableBodyPruning = true;
  if (Object.keys(ppb).length > 0) out.protocolProfileBehavior = ppb;
  return out;
}
