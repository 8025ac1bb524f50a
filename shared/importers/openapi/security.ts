import type { Auth, ProfileSlot } from '../../model';
import { isRecord } from '../document';
import type { ReportNotes } from '../report';

/**
 * Security schemes (OpenAPI 3 components.securitySchemes, Swagger 2 securityDefinitions) → one
 * profile slot each, bound to an auth with empty credentials for the user to fill in per
 * environment. The scheme's shape (header name, token URL, scopes) is carried; secrets never are.
 */
export function securityProfiles(schemes: unknown, place: string, notes: ReportNotes): { slots: ProfileSlot[]; bindings: Record<string, Auth> } {
  const slots: ProfileSlot[] = [];
  const bindings: Record<string, Auth> = {};
  if (!isRecord(schemes)) return { slots, bindings };
  for (const [name, raw] of Object.entries(schemes)) {
    if (!isRecord(raw)) continue;
    const at = `${place}.${name}`;
    const auth = schemeAuth(raw, at, notes);
    if (!auth) continue;
    slots.push({ name, description: typeof raw.description === 'string' ? raw.description : `Security scheme ${name} (${String(raw.type)})`, allowedOrigins: [] });
    bindings[name] = auth;
  }
  return { slots, bindings };
}

function scopesOf(flow: Record<string, unknown>): string | undefined {
  return isRecord(flow.scopes) && Object.keys(flow.scopes).length > 0 ? Object.keys(flow.scopes).join(' ') : undefined;
}

function schemeAuth(s: Record<string, unknown>, at: string, notes: ReportNotes): Auth | undefined {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  switch (s.type) {
    case 'basic':
      return { type: 'basic', username: '', password: '', charset: 'utf-8' };
    case 'http': {
      const scheme = String(s.scheme ?? '').toLowerCase();
      if (scheme === 'basic') return { type: 'basic', username: '', password: '', charset: 'utf-8' };
      if (scheme === 'bearer') return { type: 'bearer', token: '', prefix: 'Bearer' };
      if (scheme === 'digest') return { type: 'digest', username: '', password: '' };
      notes.add(at, 'auth', `HTTP auth scheme "${scheme}" is not supported; no profile made`);
      return undefined;
    }
    case 'apiKey': {
      const key = str(s.name);
      if (!key) { notes.add(at, 'auth', 'API key scheme without a name; no profile made'); return undefined; }
      const where = s.in === 'query' ? 'query' : s.in === 'cookie' ? 'cookie' : 'header';
      return { type: 'apikey', key, value: '', in: where };
    }
    case 'oauth2': {
      // Swagger 2 has one flow per scheme; OpenAPI 3 a map of flows (the first usable one wins).
      const flows: [string, Record<string, unknown>][] = isRecord(s.flows)
        ? Object.entries(s.flows).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]))
        : [[String(s.flow), s]];
      const grants: Record<string, 'client_credentials' | 'password' | 'authorization_code'> = {
        clientCredentials: 'client_credentials', application: 'client_credentials', password: 'password', authorizationCode: 'authorization_code', accessCode: 'authorization_code',
      };
      const usable = flows.find(([f]) => grants[f]);
      if (!usable) { notes.add(at, 'auth', `OAuth 2.0 flow ${flows.map(([f]) => f).join(', ')} is not supported (implicit is deprecated); no profile made`); return undefined; }
      const [flowName, flow] = usable;
      if (flows.length > 1) notes.add(at, 'auth', `OAuth 2.0 flows ${flows.map(([f]) => f).join(', ')}: the profile uses ${flowName}`);
      const scope = scopesOf(flow);
      return {
        type: 'oauth2', grant: grants[flowName] ?? 'authorization_code', clientId: '', clientAuth: 'client_secret_basic', usePkce: true, tokenPrefix: 'Bearer',
        ...(str(flow.tokenUrl) ? { tokenUrl: str(flow.tokenUrl) } : {}),
        ...(str(flow.authorizationUrl) ? { authorizationUrl: str(flow.authorizationUrl) } : {}),
        ...(str(flow.refreshUrl) && !str(flow.tokenUrl) ? { tokenUrl: str(flow.refreshUrl) } : {}),
        ...(scope ? { scope } : {}),
      };
    }
    case 'openIdConnect': {
      const url = str(s.openIdConnectUrl) ?? '';
      return { type: 'oauth2', grant: 'authorization_code', issuer: url.replace(/\/\.well-known\/openid-configuration\/?$/, ''), clientId: '', clientAuth: 'client_secret_basic', usePkce: true, tokenPrefix: 'Bearer' };
    }
    case 'mutualTLS':
      return { type: 'clientcert' };
    default:
      notes.add(at, 'auth', `security scheme type "${String(s.type)}" is not supported; no profile made`);
      return undefined;
  }
}

/** The auth an operation's (or the document's) `security` list asks for. */
export function requirementAuth(security: unknown, known: Set<string>, place: string, notes: ReportNotes): Auth | undefined {
  if (!Array.isArray(security)) return undefined;
  if (security.length === 0) return { type: 'none' };
  const options = security.filter(isRecord);
  if (options.some((o) => Object.keys(o).length === 0)) return { type: 'none' };
  const first = options.find((o) => Object.keys(o).some((k) => known.has(k)));
  if (!first) return { type: 'none' };
  const names = Object.keys(first).filter((k) => known.has(k));
  if (names.length > 1) notes.add(place, 'auth', `requires ${names.join(' and ')} together; the request uses ${names[0]} only`);
  return { type: 'profile', profile: names[0] as string };
}
