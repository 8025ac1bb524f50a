import { KeyholeError } from '../../../shared/errors';
import { defaultHeadersFor, SECRET_AUTH_FIELDS, isGrpcRequest, isWebSocketRequest, type Collection, type ConcreteAuth, type Environment, type Folder, type HeaderList, type Request, type RequestSettings } from '../../../shared/model';
import { resolveDeep, type DynamicSources, type ResolvedUse, type Scopes } from '../../../shared/variables';
import type { PreparedRequest, TransportSettings } from '../http/types';
import { userinfoToBasic } from '../http/userinfo';
import { effectiveAuth } from './auth-chain';
import { prepareBody, withContentType } from './body';
import { assertProfileOrigin, credentialOrigins } from './origin-policy';
import { mergeSettings } from './settings';
import { buildUrl } from './url';

export interface PrepareInput {
  request: Request;
  /** Folders from the outermost to the one holding the request. */
  folders: readonly Folder[];
  collection: Collection;
  environment?: Environment | undefined;
  scopes: Scopes;
  dynamic: DynamicSources;
  baseDir?: string | undefined;
  /** Refuse unresolved {{variables}} whatever the collection's unresolvedVariables says (--strict-variables). */
  strictVariables?: boolean | undefined;
}

export interface Prepared {
  request: PreparedRequest;
  auth: ConcreteAuth;
  profile?: string | undefined;
  authSource: string;
  settings: TransportSettings;
  /** Secret values this request uses (variables and auth secret fields), for masking output. */
  secrets: string[];
  /** Each {{variable}} sent as written because it is not defined (unresolvedVariables: literal). */
  warnings: string[];
}

/**
 * Everything between the stored request and the wire except auth schemes and sending: variables
 * resolved everywhere (naming the field on failure), inherited auth and settings merged, the URL
 * and body built. Auth is resolved here too but applied by the scheme, after this.
 */
export function prepare(input: PrepareInput): Prepared {
  const { request, folders, collection, environment, scopes, dynamic } = input;
  const where = `request ${request.name}`;
  const used: ResolvedUse[] = [];
  const literal = new Map<string, string[]>();
  const unresolved = input.strictVariables ? 'error' : collection.unresolvedVariables ?? 'error';
  const onLiteral = (name: string, at: string): void => {
    const places = literal.get(name) ?? [];
    if (!places.includes(at)) places.push(at);
    literal.set(name, places);
  };
  const opts = { scopes, dynamic, where, unresolved, onLiteral } as const;
  const r = resolveDeep(
    { url: request.url, query: request.query, headers: request.headers, body: request.body },
    opts, used,
  );
  const eff = effectiveAuth(request.auth, folders, collection, environment, request.name);
  const authWhere = eff.profile ? `auth profile ${eff.profile} of environment ${environment?.name}` : `auth of ${eff.source}`;
  const auth = resolveDeep(eff.auth, { ...opts, where: authWhere }, used);
  const levels: (RequestSettings | undefined)[] = [collection.settings];
  for (const f of folders) levels.push(f.settings);
  levels.push(request.settings);
  const settings = credentialSettings(mergeSettings(levels), opts, used);

  const own: HeaderList = r.headers.filter((h) => h.enabled !== false && h.key !== '').map((h) => [h.key, h.value]);
  const headers: HeaderList = [...own, ...defaultHeadersFor(settings.defaultHeaders, own.map(([k]) => k))];
  const body = prepareBody(r.body, request.name);
  const method = request.method.toUpperCase();
  const prepared: PreparedRequest = {
    method,
    url: buildUrl(r.url, r.query, request.name, settings.disableUrlEncoding ? 'as-written' : collection.semantics === 'postman' ? 'postman' : 'keyhole', isWebSocketRequest(request) ? 'websocket' : isGrpcRequest(request) ? 'grpc' : 'http'),
    headers: settings.defaultHeaders?.contentType === false ? headers : withContentType(headers, body),
    body,
    credentialHeaders: ['authorization', 'proxy-authorization', 'cookie'],
    credentialQuery: [],
    baseDir: input.baseDir,
    credentialOrigins: credentialOrigins(eff.profile, collection.profiles),
  };
  // The transport turns URL userinfo into Basic (after the auth scheme, which wins); its password
  // is learnt here so that every output masks it.
  const userinfo = userinfoToBasic(prepared);
  assertProfileOrigin(prepared.url, eff.profile, collection.profiles);
  const warnings = [...literal].map(([name, places]) => `{{${name}}} is not defined: sent as written in ${places.join(', ')}`);
  return { request: prepared, auth, profile: eff.profile, authSource: eff.source, settings, secrets: secretsOf(used, scopes, auth, userinfo.secrets), warnings };
}

/**
 * The collection's own transport settings (TLS verification, CAs, client certificate, proxy), its
 * credential fields resolved: what a request built by a script (pm.sendRequest) is sent with.
 */
export function collectionTransport(collection: Collection, scopes: Scopes, dynamic: DynamicSources): TransportSettings {
  return credentialSettings(mergeSettings([collection.settings]), { scopes, dynamic, where: `collection ${collection.name}` }, []);
}

/**
 * The settings that hold credentials (proxy user and password, TLS key passphrase) may name a
 * {{secret variable}}, as an import leaves them: those are resolved; nothing else in settings is.
 */
function credentialSettings(s: TransportSettings, opts: { scopes: Scopes; dynamic: DynamicSources; where: string }, used: ResolvedUse[]): TransportSettings {
  const { username, password } = s.proxy;
  const { passphrase } = s.tls;
  if (!username?.includes('{{') && !password?.includes('{{') && !passphrase?.includes('{{')) return s;
  const where = `settings of ${opts.where}`;
  return {
    ...s,
    proxy: { ...s.proxy, ...resolveDeep({ username, password }, { ...opts, where }, used, 'proxy') },
    tls: { ...s.tls, ...resolveDeep({ passphrase }, { ...opts, where }, used, 'tls') },
  };
}

/**
 * The secret values a request uses: secret variables, the auth's secret fields, URL credentials.
 * Loops rather than map/filter chains: the auth types' field lists differ in V8's array kinds, and
 * a chain over them threw away prepare's optimized code whenever a new kind came along.
 */
function secretsOf(used: readonly ResolvedUse[], scopes: Scopes, auth: ConcreteAuth, fromUrl: readonly string[]): string[] {
  const out = new Set<string>();
  for (const u of used) {
    if (!u.secret) continue;
    const v = lookupValue(scopes, u.name);
    if (v) out.add(v);
  }
  for (const f of SECRET_AUTH_FIELDS[auth.type]) {
    const v = (auth as Record<string, unknown>)[f];
    if (typeof v === 'string' && v !== '') out.add(v);
  }
  for (const v of fromUrl) if (v) out.add(v);
  return [...out];
}

function lookupValue(scopes: Scopes, name: string): string | undefined {
  for (const s of Object.values(scopes)) {
    const v = s?.get(name);
    if (v) return v.value;
  }
  return undefined;
}

/** Finds a request by name or slash path ("Users/Get user") in a collection, with its folders. */
export function findRequest(collection: Collection, path: string): { request: Request; folders: Folder[] } {
  const parts = path.split('/').filter(Boolean);
  let items = collection.items;
  const folders: Folder[] = [];
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    const hit = items.find((it) => it.name === part && (last ? it.kind !== 'folder' : it.kind === 'folder'));
    if (!hit) {
      throw new KeyholeError('invalid-input', `No request "${path}" in collection ${collection.name}`, { hint: 'Use the request name, or Folder/Request for requests inside folders.' });
    }
    if (hit.kind !== 'folder') return { request: hit, folders };
    folders.push(hit);
    items = hit.items;
  }
  throw new KeyholeError('invalid-input', `No request "${path}" in collection ${collection.name}`);
}
