import type { WorkspaceCollection } from '../../../../shared/ipc';
import type { Auth, Item } from '../../../../shared/model';

/** Where the credentials a request sent come from, for the inspector's fixes and actions. */
export interface AuthSource {
  /** The level that set the auth: the request itself, a folder, the collection, or none at all. */
  level: 'request' | 'folder' | 'collection' | 'none';
  /** The folder's name when a folder set it. */
  folder?: string | undefined;
  /** The profile slot when the auth is a profile, and the environment whose binding applies. */
  profile?: string | undefined;
  environment?: string | undefined;
  /** The concrete scheme sent: inline, or the profile's binding in that environment. */
  auth?: Auth | undefined;
  /** The profile's secret fields the app's store holds (their values never reach the renderer). */
  storedSecrets: readonly string[];
}

/** Follows inherit from the request up through its folders to the collection, then a profile to its binding. */
export function authSource(requestAuth: Auth | undefined, folders: readonly string[], wc: WorkspaceCollection | undefined, environment: string | undefined): AuthSource {
  let auth = requestAuth;
  let level: AuthSource['level'] = 'request';
  let folder: string | undefined;
  if (!auth || auth.type === 'inherit') {
    const chain = folderChain(wc?.collection.items ?? [], folders);
    const owner = [...chain].reverse().find((f) => f.auth.type !== 'inherit');
    if (owner) { auth = owner.auth; level = 'folder'; folder = owner.name; } else { auth = wc?.collection.auth; level = 'collection'; }
  }
  if (!auth || auth.type === 'none' || auth.type === 'inherit') return { level: 'none', storedSecrets: [] };
  if (auth.type !== 'profile') return { level, folder, auth, storedSecrets: [] };
  const env = wc?.environments.find((e) => e.name === environment);
  // The store's key of a profile's secret field is "<profile>.<field>" (electron/engine/workspace/secret-fields.ts).
  const prefix = `${auth.profile}.`;
  const stored = (environment ? wc?.storedSecrets[environment] ?? [] : []).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  return { level, folder, profile: auth.profile, environment, auth: env?.profiles[auth.profile], storedSecrets: stored };
}

function folderChain(items: readonly Item[], names: readonly string[]): { name: string; auth: Auth }[] {
  const out: { name: string; auth: Auth }[] = [];
  let level = items;
  for (const name of names) {
    const f = level.find((i) => i.kind === 'folder' && i.name === name);
    if (!f || f.kind !== 'folder') break;
    out.push({ name: f.name, auth: f.auth });
    level = f.items;
  }
  return out;
}

/**
 * Whether Keyhole can get a fresh token by itself: OAuth 2.0 with a client-credentials grant or a
 * refresh token. A static bearer token (or any other scheme) cannot be refreshed by re-sending.
 */
export function canRefresh(s: AuthSource): boolean {
  const a = s.auth;
  if (a?.type !== 'oauth2') return false;
  return a.grant === 'client_credentials' || a.grant === 'refresh_token' || Boolean(a.refreshToken?.trim()) || s.storedSecrets.includes('refreshToken');
}

/** OAuth 2.0 flows that get a token by signing in (a new sign-in replaces the refused token). */
export const signsIn = (s: AuthSource): boolean => s.auth?.type === 'oauth2' && !canRefresh(s);

const SCHEMES: Partial<Record<Auth['type'], string>> = {
  basic: 'HTTP Basic', bearer: 'a bearer token', apikey: 'an API key', digest: 'HTTP Digest', oauth2: 'OAuth 2.0',
  jwt: 'a signed JWT', awsv4: 'AWS Signature v4', oauth1: 'OAuth 1.0', clientcert: 'a client certificate',
};

/** "a bearer token set on this request", "profile Admin (OAuth 2.0 in staging), set on folder Admin"... */
export function describeSource(s: AuthSource): string {
  if (s.level === 'none') return 'no auth: the request, its folders and the collection set none';
  const where = s.level === 'request' ? 'this request' : s.level === 'folder' ? `folder ${s.folder ?? ''}` : 'the collection';
  if (s.profile !== undefined) {
    const binding = s.auth ? `${SCHEMES[s.auth.type] ?? s.auth.type} in ${s.environment}` : s.environment ? `not bound in ${s.environment}` : 'no environment chosen';
    return `profile ${s.profile} (${binding}), chosen on ${where}`;
  }
  return `${SCHEMES[s.auth?.type ?? 'none'] ?? 'auth'} set inline on ${where}`;
}
