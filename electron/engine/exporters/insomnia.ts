import { ReportNotes } from '../../../shared/importers/report';
import type { Auth, Body, Collection, Item, Request, Variable } from '../../../shared/model';
import { newLedger, scrubAuth, scrubVariables, secretWarning, type SecretLedger } from './secrets';
import type { ExportOptions, ExportResult } from './types';

type Json = Record<string, unknown>;
interface Ctx { notes: ReportNotes; ledger: SecretLedger; opts: ExportOptions; resources: Json[] }

/**
 * Keyhole collection → Insomnia v4 export JSON (the format Insomnia's Import reads, and Keyhole's
 * own importer): a workspace, its base environment (the collection's variables) and one
 * sub-environment for the chosen environment, request groups for folders, requests with their
 * bodies (a GraphQL body as `application/graphql` with the JSON text Insomnia keeps), headers,
 * parameters and auth. Insomnia has no auth profiles: a profile is inlined from its binding, as
 * for Postman. Variables are written as Insomnia's `{{ _.name }}`.
 */
export function exportInsomnia(collection: Collection, opts: ExportOptions = {}): ExportResult {
  const ctx: Ctx = { notes: new ReportNotes(), ledger: newLedger(), opts, resources: [] };
  const workspace = 'wrk_keyhole';
  ctx.resources.push({ _id: workspace, _type: 'workspace', parentId: null, name: collection.name, description: collection.description ?? '', scope: 'collection' });
  const include = opts.includeSecrets === true;
  ctx.resources.push({ _id: 'env_base', _type: 'environment', parentId: workspace, name: 'Base Environment', data: data(scrubVariables(collection.variables, 'variables', include, ctx.ledger)) });
  if (opts.environment) {
    const vars = scrubVariables(opts.environment.variables, `environment ${opts.environment.name}`, include, ctx.ledger);
    ctx.resources.push({ _id: 'env_1', _type: 'environment', parentId: 'env_base', name: opts.environment.name, data: data(vars), isPrivate: vars.some((v) => v.secret) });
  }
  if (collection.auth.type !== 'none' && collection.auth.type !== 'inherit') ctx.notes.add('auth', 'auth', 'Insomnia workspaces have no auth of their own; set it on the requests or folders');
  if (collection.scripts?.preRequest || collection.scripts?.test) ctx.notes.add('scripts', 'script', 'collection scripts are not carried (Insomnia scripts use its own API)');
  collection.items.forEach((it, i) => { item(it, workspace, i, `items[${i}]`, ctx); });
  const doc = { _type: 'export', __export_format: 4, __export_source: 'keyhole', resources: ctx.resources };
  return {
    output: `${JSON.stringify(doc, null, 2)}\n`,
    report: { format: 'insomnia', secretsBlanked: ctx.ledger.blanked, warnings: secretWarning(ctx.ledger), notCarried: ctx.notes.notes },
  };
}

/** Keyhole's `{{name}}` as Insomnia's Nunjucks `{{ _.name }}` (fromNunjucks reads it back). */
const nunjucks = (text: string): string => text.replace(/\{\{\s*([A-Za-z0-9_$.-]+)\s*\}\}/g, '{{ _.$1 }}');

function data(vars: readonly Variable[]): Json {
  return Object.fromEntries(vars.filter((v) => v.enabled).map((v) => [v.key, nunjucks(v.value)]));
}

function item(it: Item, parentId: string, index: number, place: string, ctx: Ctx): void {
  if (it.kind === 'websocket') {
    ctx.notes.add(place, 'entry', `WebSocket request "${it.name}" is not carried (Keyhole exports HTTP requests to Insomnia)`);
    return;
  }
  if (it.scripts?.preRequest || it.scripts?.test) ctx.notes.add(`${place}.scripts`, 'script', 'scripts are not carried (Insomnia scripts use its own API)');
  if (it.kind === 'folder') {
    const id = `fld_${it.id ?? `${parentId}_${index}`}`;
    ctx.resources.push({ _id: id, _type: 'request_group', parentId, name: it.name, description: it.description ?? '', metaSortKey: index, authentication: auth(it.auth, `${place}.auth`, ctx) });
    it.items.forEach((c, i) => { item(c, id, i, `${place}.items[${i}]`, ctx); });
    return;
  }
  ctx.resources.push(request(it, parentId, index, place, ctx));
}

function request(r: Request, parentId: string, index: number, place: string, ctx: Ctx): Json {
  const rows = (list: Request['headers']) => list.map((h) => ({ name: nunjucks(h.key), value: nunjucks(h.value), ...(h.enabled ? {} : { disabled: true }) }));
  return {
    _id: `req_${r.id ?? `${parentId}_${index}`}`, _type: 'request', parentId, name: r.name, description: r.description ?? '', metaSortKey: index,
    method: r.method, url: nunjucks(r.url), parameters: rows(r.query), headers: rows(r.headers),
    body: body(r.body, `${place}.body`, ctx), authentication: auth(r.auth, `${place}.auth`, ctx),
    ...(r.settings.followRedirects === undefined ? {} : { settingFollowRedirects: r.settings.followRedirects ? 'on' : 'off' }),
  };
}

function body(b: Body, place: string, ctx: Ctx): Json {
  switch (b.mode) {
    case 'none': return {};
    case 'json': return { mimeType: 'application/json', text: nunjucks(b.text) };
    case 'xml': return { mimeType: 'application/xml', text: nunjucks(b.text) };
    case 'text': return { mimeType: b.contentType ?? 'text/plain', text: nunjucks(b.text) };
    case 'form-urlencoded':
      return { mimeType: 'application/x-www-form-urlencoded', params: b.fields.map((f) => ({ name: nunjucks(f.key), value: nunjucks(f.value), ...(f.enabled ? {} : { disabled: true }) })) };
    case 'multipart':
      return {
        mimeType: 'multipart/form-data',
        params: b.fields.map((f) => (f.kind === 'text'
          ? { name: nunjucks(f.name), value: nunjucks(f.value), ...(f.enabled ? {} : { disabled: true }) }
          : { name: nunjucks(f.name), type: 'file', fileName: f.path, ...(f.enabled ? {} : { disabled: true }) })),
      };
    case 'binary': return { mimeType: b.contentType ?? 'application/octet-stream', fileName: b.path };
    case 'graphql': {
      // Insomnia keeps a GraphQL body as the JSON it sends, variables as an object when they parse.
      let variables: unknown = b.variables;
      if (b.variables.trim() === '') variables = undefined;
      else {
        try { variables = JSON.parse(b.variables) as unknown; } catch { ctx.notes.add(place, 'body', 'GraphQL variables are not JSON; kept as text'); }
      }
      const text = JSON.stringify({ query: nunjucks(b.query), ...(variables === undefined ? {} : { variables }), ...(b.operationName ? { operationName: b.operationName } : {}) });
      return { mimeType: 'application/graphql', text };
    }
  }
}

function auth(a: Auth, place: string, ctx: Ctx): Json {
  let concrete: Auth = a;
  if (a.type === 'profile') {
    const profiles = ctx.opts.environment?.profiles ?? ctx.opts.sharedProfiles ?? {};
    const bound = Object.hasOwn(profiles, a.profile) ? profiles[a.profile] : undefined;
    if (!bound || bound.type === 'profile' || bound.type === 'inherit') {
      ctx.notes.add(place, 'auth', `auth profile "${a.profile}" is not bound${ctx.opts.environment ? ` in environment ${ctx.opts.environment.name}` : ' (no environment chosen)'}; exported as no auth`);
      return { type: 'none' };
    }
    concrete = bound;
  }
  const s = scrubAuth(concrete, a.type === 'profile' ? `profile ${a.profile}` : place, ctx.opts.includeSecrets === true, ctx.ledger);
  switch (s.type) {
    case 'inherit': return {};
    case 'none': return { type: 'none' };
    case 'basic': return { type: 'basic', username: nunjucks(s.username), password: nunjucks(s.password), ...(s.charset === 'latin1' ? { useISO88591: true } : {}) };
    case 'bearer': return { type: 'bearer', token: nunjucks(s.token), prefix: s.prefix };
    case 'digest': return { type: 'digest', username: nunjucks(s.username), password: nunjucks(s.password) };
    case 'apikey':
      if (s.prefix) ctx.notes.add(place, 'auth', 'the API key prefix is not carried by Insomnia API key auth');
      return { type: 'apikey', key: s.key, value: nunjucks(s.value), addTo: s.in === 'query' ? 'queryParams' : s.in === 'cookie' ? 'cookie' : 'header' };
    default:
      ctx.notes.add(place, 'auth', `${s.type} auth is not carried to Insomnia by this export; exported as no auth`);
      return { type: 'none' };
  }
}
