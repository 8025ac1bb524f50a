import type { Auth, Body, Environment, Folder, GrpcRequest, Item, KeyValue, ProfileSlot, Request, Variable } from '../../model';
import { finish, methodOf, nameOr, splitUrl, toVariable } from '../build';
import type { ImportInput } from '../document';
import { isRecord } from '../document';
import { keepAsData, ReportNotes } from '../report';
import { noteScriptApis } from '../scripts';
import type { Importer, ImportOptions, ImportResult } from '../types';
import { keepAuth, mapInsomniaAuth } from './auth';
import { fromNunjucks, hasTemplateTag } from './template';
import { isInsomnia, readInsomnia, type InsBody, type InsEnv, type InsNode, type InsProto } from './tree';

interface Walk {
  notes: ReportNotes; profiles: ProfileSlot[]; bindings: Record<string, Auth>;
  protos: Map<string, InsProto>;
  /** Proto files the gRPC requests use, by their path in the collection folder. */
  files: Map<string, string>;
}

/**
 * Insomnia v4 JSON and v5 YAML → Keyhole. The base environment becomes collection variables and
 * each sub-environment an environment; folder auth becomes a profile slot bound in every
 * environment; `{{ _.x }}` becomes `{{x}}`. One workspace is the collection; several become
 * top-level folders of one.
 */
export function parseInsomnia(input: ImportInput, opts: ImportOptions = {}): ImportResult {
  const tree = readInsomnia(input.doc, input.file);
  const walk: Walk = { notes: new ReportNotes(), profiles: [], bindings: {}, protos: tree.protos, files: new Map() };
  for (const ig of tree.ignored) walk.notes.add(ig.place, 'entry', `${ig.type} "${ig.name}" is not supported; dropped`);
  const single = tree.workspaces.length === 1 ? tree.workspaces[0] : undefined;
  const variables: Variable[] = [];
  const envs: Environment[] = [];
  for (const ws of tree.workspaces) {
    if (ws.base) variables.push(...flatten(ws.base, walk));
    for (const sub of ws.subs) envs.push({ name: uniqueName(envs, sub.name), variables: flatten(sub, walk), profiles: {} });
  }
  let items: Item[];
  if (single) items = single.children.map((n) => node(n, walk)).filter((x): x is Item => !!x);
  else {
    items = tree.workspaces.map((ws) => ({
      kind: 'folder' as const, name: nameOr(ws.name, 'Workspace'), auth: { type: 'inherit' as const }, settings: {},
      ...(ws.description ? { description: ws.description } : {}),
      items: ws.children.map((n) => node(n, walk)).filter((x): x is Item => !!x),
    }));
  }
  if (walk.profiles.length > 0) {
    if (envs.length === 0) envs.push({ name: 'Default', variables: [], profiles: {} });
    for (const e of envs) e.profiles = { ...walk.bindings };
  }
  const description = single?.description || undefined;
  const result = finish('insomnia', {
    keyhole: 1, name: opts.name ?? nameOr(single?.name, 'Insomnia import'), ...(description ? { description } : {}),
    variables: dedupe(variables), auth: { type: 'none' }, profiles: walk.profiles, items,
  }, envs, walk.notes.notes);
  return walk.files.size > 0 ? { ...result, files: [...walk.files].map(([path, text]) => ({ path, text })) } : result;
}

function uniqueName(envs: Environment[], name: string): string {
  let n = nameOr(name, 'Environment');
  for (let i = 2; envs.some((e) => e.name === n); i++) n = `${name} (${i})`;
  return n;
}

function dedupe(vars: Variable[]): Variable[] {
  const seen = new Map<string, Variable>();
  for (const v of vars) seen.set(v.key, v);
  return [...seen.values()];
}

/** Nested environment JSON → dotted names, as Insomnia's `{{ _.a.b }}` reads them. */
function flatten(env: InsEnv, walk: Walk): Variable[] {
  const out: Variable[] = [];
  const visit = (prefix: string, v: unknown): void => {
    if (isRecord(v)) {
      for (const [k, child] of Object.entries(v)) visit(prefix ? `${prefix}.${k}` : k, child);
      return;
    }
    const value = typeof v === 'string' ? fromNunjucks(v) : v === null || v === undefined ? '' : JSON.stringify(v);
    if (hasTemplateTag(value)) walk.notes.add(`${env.place}.data.${prefix}`, 'variable', 'template tag kept as text (no Keyhole equivalent)');
    const made = toVariable({ key: prefix, value, secret: env.isPrivate }, `${env.place}.data.${prefix}`, walk.notes);
    if (made) out.push(made);
  };
  visit('', env.data);
  return out;
}

function node(n: InsNode, walk: Walk): Item | undefined {
  if (n.kind === 'grpc') return grpcRequest(n, walk);
  if (n.kind === 'other') {
    walk.notes.add(n.place, 'entry', `${n.type} "${n.name ?? ''}" is not an HTTP request; dropped`);
    return undefined;
  }
  if (n.kind === 'group') {
    const name = nameOr(n.name, 'Folder');
    let description = n.description || undefined;
    let auth: Auth = { type: 'inherit' };
    if (n.authentication && n.authentication.type) {
      const m = mapInsomniaAuth(n.authentication, `${n.place}.authentication`, walk.notes);
      description = keepAuth(description, m.keep);
      auth = m.auth;
      if (auth.type !== 'inherit' && auth.type !== 'none') {
        let slot = name;
        for (let i = 2; walk.profiles.some((p) => p.name === slot); i++) slot = `${name} (${i})`;
        walk.profiles.push({ name: slot, description: `Imported from the auth of Insomnia folder ${name}`, allowedOrigins: [] });
        walk.bindings[slot] = auth;
        auth = { type: 'profile', profile: slot };
      }
    }
    if (n.environment && Object.keys(n.environment).length > 0) {
      walk.notes.add(`${n.place}.environment`, 'variable', 'folder environment is not supported; kept as data in the description');
      description = keepAsData(description, 'insomnia folder environment', n.environment);
    }
    const folder: Folder = { name, auth, settings: {}, items: n.children.map((c) => node(c, walk)).filter((x): x is Item => !!x) };
    if (description) folder.description = description;
    const scripts = scriptsOf(n, walk);
    if (scripts) folder.scripts = scripts;
    return { kind: 'folder', ...folder };
  }
  return { kind: 'request', ...request(n, walk) };
}

function scriptsOf(n: InsNode, walk: Walk): { preRequest?: string; test?: string } | undefined {
  const pre = n.scripts?.preRequest ?? n.preRequestScript ?? '';
  const post = n.scripts?.afterResponse ?? n.afterResponseScript ?? '';
  if (pre.trim() === '' && post.trim() === '') return undefined;
  if (pre.trim()) noteScriptApis(pre, `${n.place}.preRequestScript`, walk.notes);
  if (post.trim()) noteScriptApis(post, `${n.place}.afterResponseScript`, walk.notes);
  return { ...(pre.trim() ? { preRequest: pre } : {}), ...(post.trim() ? { test: post } : {}) };
}

function rows(list: InsNode['headers'], place: string, walk: Walk): KeyValue[] {
  return (list ?? []).filter((p) => (p.name ?? '') !== '').map((p, i) => {
    const value = typeof p.value === 'string' ? fromNunjucks(p.value) : p.value === undefined || p.value === null ? '' : String(p.value);
    if (hasTemplateTag(value)) walk.notes.add(`${place}[${i}]`, 'variable', 'template tag kept as text (no Keyhole equivalent)');
    return { key: fromNunjucks(p.name ?? ''), value, enabled: p.disabled !== true, ...(p.description ? { description: p.description } : {}) };
  });
}

function request(n: InsNode, walk: Walk): Request {
  const rawUrl = fromNunjucks(n.url ?? '');
  if (hasTemplateTag(rawUrl)) walk.notes.add(`${n.place}.url`, 'variable', 'template tag in the URL kept as text (no Keyhole equivalent)');
  const { url, query } = splitUrl(rawUrl);
  const m = mapInsomniaAuth(n.authentication, `${n.place}.authentication`, walk.notes);
  const headers = rows(n.headers, `${n.place}.headers`, walk);
  const scripts = scriptsOf(n, walk);
  const description = keepAuth(n.description || undefined, m.keep);
  return {
    name: nameOr(n.name, 'Request'), method: methodOf(n.method, `${n.place}.method`), url,
    query: [...query, ...rows(n.parameters, `${n.place}.parameters`, walk)], headers,
    body: bodyOf(n.body ?? undefined, `${n.place}.body`, walk), auth: m.auth, settings: n.settingFollowRedirects === 'off' ? { followRedirects: false } : n.settingFollowRedirects === 'on' ? { followRedirects: true } : {},
    ...(description ? { description } : {}), ...(scripts ? { scripts } : {}),
  };
}

/**
 * An Insomnia gRPC request: its URL (host:port, plaintext unless it says grpcs://), method
 * (`/package.Service/Method`), metadata and message. Its proto file is written into the
 * collection folder with every file of the same proto directory (so imports resolve); a request
 * without one uses server reflection, as Insomnia's reflection option does.
 */
function grpcRequest(n: InsNode, walk: Walk): GrpcRequest {
  const raw = fromNunjucks(n.url ?? '').trim();
  const url = /^grpcs?:\/\//i.test(raw) ? raw : `grpc://${raw}`;
  const rpc = (n.protoMethodName ?? '').replace(/^\/+/, '');
  const validRpc = /^([A-Za-z_]\w*\.)*[A-Za-z_]\w*\/[A-Za-z_]\w*$/.test(rpc);
  if (rpc !== '' && !validRpc) walk.notes.add(`${n.place}.protoMethodName`, 'entry', `method "${n.protoMethodName ?? ''}" is not package.Service/Method; left unset`);
  const proto = protoSource(n, walk);
  const m = mapInsomniaAuth(n.authentication, `${n.place}.authentication`, walk.notes);
  const scripts = scriptsOf(n, walk);
  const description = keepAuth(n.description || undefined, m.keep);
  const text = fromNunjucks(n.body?.text ?? '');
  return {
    kind: 'grpc', name: nameOr(n.name, 'gRPC request'), url, rpc: validRpc ? rpc : '', proto,
    headers: rows(n.metadata, `${n.place}.metadata`, walk), messages: text.trim() === '' ? [] : [{ name: 'message', text, enabled: true }],
    auth: m.auth, settings: {}, method: 'POST', query: [], body: { mode: 'none' },
    ...(description ? { description } : {}), ...(scripts ? { scripts } : {}),
  };
}

function protoSource(n: InsNode, walk: Walk): GrpcRequest['proto'] {
  const file = n.protoFileId ? walk.protos.get(n.protoFileId) : undefined;
  if (!file) {
    if (n.protoFileId) walk.notes.add(`${n.place}.protoFileId`, 'entry', `proto file ${n.protoFileId} is not in the export; the request uses server reflection`);
    return { type: 'reflection' };
  }
  // The whole directory goes along: the file may import its neighbours.
  for (const p of walk.protos.values()) if (p.importPath === file.importPath) walk.files.set(p.path, p.text);
  return { type: 'files', files: [file.path], importPaths: [file.importPath] };
}

function bodyOf(b: InsBody | undefined, place: string, walk: Walk): Body {
  if (!b || (b.mimeType == null && b.text == null && !b.params)) return { mode: 'none' };
  const mime = (b.mimeType ?? '').toLowerCase();
  const text = fromNunjucks(b.text ?? '');
  if (mime === 'application/graphql') {
    try {
      const g = JSON.parse(text) as { query?: unknown; variables?: unknown; operationName?: unknown };
      return {
        mode: 'graphql', query: typeof g.query === 'string' ? g.query : '',
        variables: g.variables === undefined || g.variables === null ? '' : typeof g.variables === 'string' ? g.variables : JSON.stringify(g.variables, null, 2),
        ...(typeof g.operationName === 'string' ? { operationName: g.operationName } : {}),
      };
    } catch {
      walk.notes.add(place, 'body', 'GraphQL body is not JSON; imported as text');
      return { mode: 'text', text, contentType: 'application/json' };
    }
  }
  if (mime.startsWith('application/x-www-form-urlencoded')) {
    return { mode: 'form-urlencoded', fields: (b.params ?? []).map((p) => ({ key: fromNunjucks(p.name ?? ''), value: fromNunjucks(p.value ?? ''), enabled: p.disabled !== true })) };
  }
  if (mime.startsWith('multipart/form-data')) {
    return {
      mode: 'multipart',
      fields: (b.params ?? []).map((p) => (p.type === 'file'
        ? { kind: 'file' as const, name: fromNunjucks(p.name ?? ''), path: p.fileName ?? '', enabled: p.disabled !== true, ...(p.contentType ? { contentType: p.contentType } : {}) }
        : { kind: 'text' as const, name: fromNunjucks(p.name ?? ''), value: fromNunjucks(p.value ?? ''), enabled: p.disabled !== true })),
    };
  }
  if (b.fileName) return { mode: 'binary', path: b.fileName, ...(b.mimeType ? { contentType: b.mimeType } : {}) };
  if (/json/.test(mime)) return { mode: 'json', text };
  if (/xml/.test(mime)) return { mode: 'xml', text };
  return { mode: 'text', text, ...(b.mimeType ? { contentType: b.mimeType } : {}) };
}

export const insomniaImporter: Importer = {
  format: 'insomnia',
  detect: (input) => isInsomnia(input.doc),
  parse: parseInsomnia,
};
