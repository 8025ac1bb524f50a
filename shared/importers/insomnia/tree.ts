import { z } from 'zod';
import { isRecord } from '../document';
import type { KeyholeError } from '../../errors';
import { importFailed, parseForeign } from '../zod-path';

/**
 * Insomnia v4 (flat `resources` linked by parentId) and v5 (YAML `collection` tree with
 * `children`) normalised to one tree, so the conversion is written once.
 */
const NameValue = z.looseObject({ name: z.string().nullish(), value: z.unknown().optional(), disabled: z.boolean().nullish(), description: z.string().nullish() });
const BodyParam = z.looseObject({
  name: z.string().nullish(), value: z.string().nullish(), disabled: z.boolean().nullish(), type: z.string().nullish(),
  fileName: z.string().nullish(), contentType: z.string().nullish(),
});
export const InsBody = z.looseObject({ mimeType: z.string().nullish(), text: z.string().nullish(), params: z.array(BodyParam).nullish(), fileName: z.string().nullish() });
export type InsBody = z.infer<typeof InsBody>;
export const InsAuth = z.looseObject({ type: z.string().nullish(), disabled: z.boolean().nullish() });
export type InsAuth = z.infer<typeof InsAuth>;

const Fields = {
  name: z.string().nullish(),
  description: z.string().nullish(),
  url: z.string().nullish(),
  method: z.string().nullish(),
  body: z.union([InsBody, z.null(), z.undefined()]).optional(),
  parameters: z.array(NameValue).nullish(),
  headers: z.array(NameValue).nullish(),
  authentication: z.union([InsAuth, z.null()]).optional(),
  environment: z.record(z.string(), z.unknown()).nullish(),
  preRequestScript: z.string().nullish(),
  afterResponseScript: z.string().nullish(),
  scripts: z.looseObject({ preRequest: z.string().nullish(), afterResponse: z.string().nullish() }).nullish(),
  settingFollowRedirects: z.string().nullish(),
  /** gRPC requests: `/package.Service/Method`, the proto_file resource, metadata rows. */
  protoMethodName: z.string().nullish(),
  protoFileId: z.string().nullish(),
  metadata: z.array(NameValue).nullish(),
};

const V4Resource = z.looseObject({
  _id: z.string(), _type: z.string(), parentId: z.string().nullish(), metaSortKey: z.number().nullish(), data: z.unknown().optional(), isPrivate: z.boolean().nullish(),
  protoText: z.string().nullish(), ...Fields,
});
const V4 = z.looseObject({ _type: z.literal('export'), __export_format: z.number(), resources: z.array(V4Resource) });
type V4Resource = z.infer<typeof V4Resource>;

interface V5Item { name?: string | null | undefined; children?: V5Item[] | null | undefined; meta?: { sortKey?: number | null | undefined; description?: string | null | undefined } | null | undefined; [k: string]: unknown }
const V5Item: z.ZodType<V5Item> = z.lazy(() => z.looseObject({
  ...Fields,
  children: z.array(V5Item).nullish(),
  meta: z.looseObject({ sortKey: z.number().nullish(), description: z.string().nullish() }).nullish(),
}));
const V5Env = z.looseObject({ name: z.string().nullish(), data: z.record(z.string(), z.unknown()).nullish(), isPrivate: z.boolean().nullish(), meta: z.looseObject({ isPrivate: z.boolean().nullish() }).nullish() });
const V5 = z.looseObject({
  type: z.string(),
  name: z.string().nullish(),
  meta: z.looseObject({ description: z.string().nullish() }).nullish(),
  collection: z.array(V5Item).nullish(),
  environments: z.union([
    V5Env.extend({ subEnvironments: z.array(V5Env).nullish() }),
    z.array(V5Env.extend({ subEnvironments: z.array(V5Env).nullish() })),
  ]).nullish(),
});

export type InsFields = { [K in keyof typeof Fields]?: z.infer<(typeof Fields)[K]> };
export interface InsNode extends InsFields {
  kind: 'group' | 'request' | 'grpc' | 'other';
  /** The foreign type for nodes Keyhole has no place for (gRPC, WebSocket...). */
  type: string;
  place: string;
  children: InsNode[];
}
export interface InsEnv { name: string; data: Record<string, unknown>; isPrivate: boolean; place: string }
/** A proto_file of a v4 export: where it goes in the collection folder and the import path that makes its imports resolve. */
export interface InsProto { path: string; importPath: string; text: string; place: string }
export interface InsTree {
  workspaces: { name: string; description?: string | undefined; children: InsNode[]; base?: InsEnv | undefined; subs: InsEnv[] }[];
  ignored: { place: string; type: string; name: string }[];
  /** Proto files by resource id (gRPC requests name theirs by protoFileId). */
  protos: Map<string, InsProto>;
}

export function isInsomnia(doc: unknown): boolean {
  if (!isRecord(doc)) return false;
  if (doc._type === 'export' && Array.isArray(doc.resources)) return true;
  return typeof doc.type === 'string' && doc.type.startsWith('collection.insomnia.rest/');
}

export function readInsomnia(doc: unknown, file?: string): InsTree {
  if (isRecord(doc) && doc._type === 'export') return fromV4(parseForeign(V4, doc, 'Insomnia v4 export', file));
  return fromV5(parseForeign(V5, doc, 'Insomnia collection', file));
}

const IGNORED_V4 = new Set(['cookie_jar', 'api_spec', 'unit_test_suite', 'unit_test', 'mock_server', 'mock_route']);
/** Read into InsTree.protos, not the request tree. */
const PROTO_V4 = new Set(['proto_file', 'proto_directory']);
/** Where imported proto files go in the collection folder. */
export const PROTO_FOLDER = 'protos';

/**
 * Folders are linked by parentId, so a hostile export can chain thousands of them (or, with
 * duplicate ids, loop): the walk refuses past this depth instead of overflowing the stack.
 */
const MAX_GROUP_DEPTH = 200;
const tooDeep = (place: string): KeyholeError => importFailed(place, `folders nest more than ${MAX_GROUP_DEPTH} levels deep (or refer to themselves)`, 'Real Insomnia exports nest a few levels; this file is damaged.');

function fromV4(v4: z.infer<typeof V4>): InsTree {
  const byParent = new Map<string, { r: V4Resource; i: number }[]>();
  v4.resources.forEach((r, i) => {
    const list = byParent.get(r.parentId ?? '') ?? [];
    list.push({ r, i });
    byParent.set(r.parentId ?? '', list);
  });
  const ignored: InsTree['ignored'] = [];
  const sorted = (id: string): { r: V4Resource; i: number }[] => [...(byParent.get(id) ?? [])].sort((a, b) => (a.r.metaSortKey ?? 0) - (b.r.metaSortKey ?? 0));
  const node = ({ r, i }: { r: V4Resource; i: number }, depth = 0): InsNode | undefined => {
    const place = `resources[${i}]`;
    if (depth > MAX_GROUP_DEPTH) throw tooDeep(place);
    if (r._type === 'environment' || r._type === 'workspace' || PROTO_V4.has(r._type)) return undefined;
    if (IGNORED_V4.has(r._type)) {
      if (r._type !== 'cookie_jar') ignored.push({ place, type: r._type, name: r.name ?? r._id });
      return undefined;
    }
    const kind = r._type === 'request_group' ? 'group' : r._type === 'request' ? 'request' : r._type === 'grpc_request' ? 'grpc' : 'other';
    return { ...r, kind, type: r._type, place, children: kind === 'group' ? sorted(r._id).map((c) => node(c, depth + 1)).filter((n): n is InsNode => !!n) : [] };
  };
  const workspaces = v4.resources.map((r, i) => ({ r, i })).filter(({ r }) => r._type === 'workspace').map(({ r }) => {
    const envs = sorted(r._id).filter(({ r: e }) => e._type === 'environment');
    const baseRes = envs[0];
    const env = (x: { r: V4Resource; i: number }): InsEnv => ({ name: x.r.name ?? 'Environment', data: isRecord(x.r.data) ? x.r.data : {}, isPrivate: x.r.isPrivate === true, place: `resources[${x.i}]` });
    const subs = baseRes ? sorted(baseRes.r._id).filter(({ r: e }) => e._type === 'environment').map(env) : [];
    return {
      name: r.name ?? 'Insomnia workspace',
      description: r.description ?? undefined,
      children: sorted(r._id).map((c) => node(c)).filter((n): n is InsNode => !!n),
      base: baseRes ? env(baseRes) : undefined,
      subs,
    };
  });
  // Exports of a single folder or request carry no workspace: their roots hang off a missing parent.
  if (workspaces.length === 0) {
    const ids = new Set(v4.resources.map((r) => r._id));
    const roots = v4.resources.map((r, i) => ({ r, i })).filter(({ r }) => !ids.has(r.parentId ?? ''));
    workspaces.push({ name: 'Insomnia import', description: undefined, children: roots.map((c) => node(c)).filter((n): n is InsNode => !!n), base: undefined, subs: [] });
  }
  return { workspaces, ignored, protos: protosOf(v4.resources) };
}

/**
 * Insomnia keeps .proto files as resources (proto_file, with its text) in folders (proto_directory)
 * under the workspace. Each becomes a file under protos/ with its directories' names, and the
 * import path of its outermost directory (Insomnia resolves a directory's imports from its root).
 */
function protosOf(resources: readonly V4Resource[]): Map<string, InsProto> {
  const byId = new Map(resources.map((r, i) => [r._id, { r, i }]));
  const out = new Map<string, InsProto>();
  resources.forEach((r, i) => {
    if (r._type !== 'proto_file') return;
    const dirs: string[] = [];
    for (let p = byId.get(r.parentId ?? ''); p && p.r._type === 'proto_directory' && dirs.length <= MAX_GROUP_DEPTH; p = byId.get(p.r.parentId ?? '')) dirs.unshift(safeSegment(p.r.name ?? p.r._id));
    const name = safeSegment(r.name ?? `${r._id}.proto`);
    out.set(r._id, {
      path: [PROTO_FOLDER, ...dirs, name].join('/'), importPath: [PROTO_FOLDER, ...dirs.slice(0, 1)].join('/'),
      text: r.protoText ?? '', place: `resources[${i}]`,
    });
  });
  return out;
}

/** A name as one path segment: never `..`, a separator or a hidden file. */
function safeSegment(name: string): string {
  const s = name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_');
  return s === '' ? '_' : s;
}

function fromV5(v5: z.infer<typeof V5>): InsTree {
  const node = (it: V5Item, place: string, depth = 0): InsNode => {
    if (depth > MAX_GROUP_DEPTH) throw tooDeep(place);
    const isGroup = Array.isArray(it.children);
    const sortedChildren = (it.children ?? []).map((c, i) => ({ c, i })).sort((a, b) => (a.c.meta?.sortKey ?? 0) - (b.c.meta?.sortKey ?? 0));
    const fields = it as InsFields;
    return {
      ...fields, description: fields.description ?? it.meta?.description ?? undefined,
      kind: isGroup ? 'group' : typeof fields.protoMethodName === 'string' ? 'grpc' : typeof fields.url === 'string' ? 'request' : 'other',
      type: isGroup ? 'request_group' : typeof fields.protoMethodName === 'string' ? 'grpc_request' : 'request', place,
      children: sortedChildren.map(({ c, i }) => node(c, `${place}.children[${i}]`, depth + 1)),
    };
  };
  const items = (v5.collection ?? []).map((c, i) => ({ c, i })).sort((a, b) => (a.c.meta?.sortKey ?? 0) - (b.c.meta?.sortKey ?? 0));
  const envRoot = Array.isArray(v5.environments) ? v5.environments[0] : v5.environments;
  const env = (e: z.infer<typeof V5Env>, place: string): InsEnv => ({ name: e.name ?? 'Environment', data: e.data ?? {}, isPrivate: e.isPrivate === true || e.meta?.isPrivate === true, place });
  return {
    workspaces: [{
      name: v5.name ?? 'Insomnia collection',
      description: v5.meta?.description ?? undefined,
      children: items.map(({ c, i }) => node(c, `collection[${i}]`)),
      base: envRoot ? env(envRoot, 'environments') : undefined,
      subs: (envRoot?.subEnvironments ?? []).map((e, i) => env(e, `environments.subEnvironments[${i}]`)),
    }],
    ignored: [],
    protos: new Map(),
  };
}
