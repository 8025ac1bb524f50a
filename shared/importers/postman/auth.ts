import type { Auth } from '../../model';
import type { PmAuth } from './schema';
import { scalarText } from './schema';
import { keepAsData, withoutSecrets, type ReportNotes } from '../report';

/** v2.1 keeps parameters as [{key, value}], v2.0 as an object; both become a plain record. */
export function authParams(auth: PmAuth): Record<string, unknown> {
  const block = (auth as Record<string, unknown>)[auth.type];
  if (Array.isArray(block)) {
    const out: Record<string, unknown> = {};
    for (const p of block) {
      if (p && typeof p === 'object' && typeof (p as { key?: unknown }).key === 'string') out[(p as { key: string }).key] = (p as { value?: unknown }).value;
    }
    return out;
  }
  return block && typeof block === 'object' ? { ...(block as Record<string, unknown>) } : {};
}

const s = (v: unknown): string => scalarText(v);
const opt = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : scalarText(v));
const bool = (v: unknown): boolean => v === true || v === 'true';

const OAUTH2_GRANTS: Record<string, 'client_credentials' | 'password' | 'authorization_code'> = {
  client_credentials: 'client_credentials',
  password_credentials: 'password',
  authorization_code: 'authorization_code',
  authorization_code_with_pkce: 'authorization_code',
};

const JWT_ALGS = new Set(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);
const OAUTH1_METHODS = new Set(['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT']);
const DIGEST_ALGS = new Set(['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess']);

function jsonObject(text: unknown): Record<string, unknown> | undefined {
  if (text === undefined || text === null || text === '') return {};
  if (typeof text === 'object' && !Array.isArray(text)) return text as Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(String(text));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface MappedAuth {
  auth: Auth;
  /** Set when the scheme could not be carried; the caller appends it to the description. */
  unsupported?: { label: string; data: unknown } | undefined;
}

/**
 * Maps one Postman auth block to Keyhole's Auth union. What Keyhole cannot do (NTLM, Hawk,
 * Akamai EdgeGrid, ASAP, OAuth 2.0 implicit) becomes no auth plus a note, with the block's
 * non-secret fields kept as data so nothing the user configured is silently lost.
 */
export function mapPostmanAuth(pm: PmAuth, place: string, notes: ReportNotes): MappedAuth {
  const p = authParams(pm);
  const unsupported = (why: string): MappedAuth => {
    notes.add(place, 'auth', `${why}; kept as data in the description, sent without auth`);
    return { auth: { type: 'none' }, unsupported: { label: `postman auth ${pm.type}`, data: { type: pm.type, ...withoutSecrets(p) } } };
  };
  switch (pm.type) {
    case 'noauth':
      return { auth: { type: 'none' } };
    case 'basic':
      return { auth: { type: 'basic', username: s(p.username), password: s(p.password), charset: 'utf-8' } };
    case 'bearer':
      return { auth: { type: 'bearer', token: s(p.token), prefix: 'Bearer' } };
    case 'apikey': {
      const key = s(p.key);
      if (key === '') return unsupported('API key auth without a key name');
      return { auth: { type: 'apikey', key, value: s(p.value), in: p.in === 'query' ? 'query' : 'header' } };
    }
    case 'digest': {
      const alg = opt(p.algorithm);
      if (alg && !DIGEST_ALGS.has(alg)) notes.add(place, 'auth', `Digest algorithm ${alg} is not supported; the server's challenge decides`);
      return { auth: { type: 'digest', username: s(p.username), password: s(p.password), ...(alg && DIGEST_ALGS.has(alg) ? { algorithm: alg as 'MD5' } : {}) } };
    }
    case 'oauth1': {
      const method = opt(p.signatureMethod) ?? 'HMAC-SHA1';
      if (!OAUTH1_METHODS.has(method)) return unsupported(`OAuth 1.0 signature method ${method} is not supported`);
      return {
        auth: {
          type: 'oauth1', signatureMethod: method as 'HMAC-SHA1', consumerKey: s(p.consumerKey), consumerSecret: s(p.consumerSecret),
          ...(opt(p.token) ? { token: s(p.token) } : {}), ...(opt(p.tokenSecret) ? { tokenSecret: s(p.tokenSecret) } : {}),
          ...(opt(p.privateKey) ? { privateKey: s(p.privateKey) } : {}), ...(opt(p.realm) ? { realm: s(p.realm) } : {}),
          includeBodyHash: bool(p.includeBodyHash),
        },
      };
    }
    case 'oauth2': {
      const grantName = opt(p.grant_type) ?? opt(p.grantType) ?? (opt(p.accessTokenUrl) || opt(p.authUrl) ? 'authorization_code' : undefined);
      if (!grantName && opt(p.accessToken)) {
        notes.add(place, 'auth', 'OAuth 2.0 with only a saved access token: imported as a Bearer token');
        return { auth: { type: 'bearer', token: s(p.accessToken), prefix: opt(p.headerPrefix) ?? 'Bearer' } };
      }
      const grant = grantName ? OAUTH2_GRANTS[grantName] : undefined;
      if (!grant) return unsupported(`OAuth 2.0 grant ${grantName ?? '(none)'} is not supported`);
      // Keyhole's token cache holds only tokens its own grants fetched (it knows their expiry); the saved one is left out, written nowhere.
      if (opt(p.accessToken)) notes.add(place, 'auth', 'the saved OAuth 2.0 access token was not imported: Keyhole gets a new one with the grant when the request is sent');
      return {
        auth: {
          type: 'oauth2', grant, clientId: s(p.clientId),
          ...(opt(p.accessTokenUrl) ? { tokenUrl: s(p.accessTokenUrl) } : {}),
          ...(opt(p.authUrl) ? { authorizationUrl: s(p.authUrl) } : {}),
          ...(opt(p.clientSecret) ? { clientSecret: s(p.clientSecret) } : {}),
          clientAuth: p.client_authentication === 'body' ? 'client_secret_post' : 'client_secret_basic',
          ...(opt(p.username) ? { username: s(p.username) } : {}),
          ...(opt(p.password) ? { password: s(p.password) } : {}),
          ...(opt(p.refreshToken) ? { refreshToken: s(p.refreshToken) } : {}),
          ...(opt(p.scope) ? { scope: s(p.scope) } : {}),
          ...(typeof p.audience === 'string' && p.audience ? { audience: p.audience } : {}),
          ...(typeof p.resource === 'string' && p.resource ? { resource: p.resource } : {}),
          ...(opt(p.redirect_uri) ? { redirectUri: s(p.redirect_uri) } : {}),
          usePkce: grantName === 'authorization_code_with_pkce' || grantName === 'authorization_code',
          tokenPrefix: opt(p.headerPrefix) ?? 'Bearer',
        },
      };
    }
    case 'awsv4':
      return {
        auth: {
          type: 'awsv4', accessKeyId: s(p.accessKey), secretAccessKey: s(p.secretKey), region: s(p.region) || 'us-east-1', service: s(p.service),
          ...(opt(p.sessionToken) ? { sessionToken: s(p.sessionToken) } : {}), signQuery: bool(p.addAuthDataToQuery), unsignedPayload: false,
        },
      };
    case 'jwt': {
      const alg = opt(p.algorithm) ?? 'HS256';
      if (!JWT_ALGS.has(alg)) return unsupported(`JWT algorithm ${alg} is not supported`);
      const claims = jsonObject(p.payload);
      const header = jsonObject(p.header);
      if (!claims || !header) return unsupported('JWT payload or header is not a JSON object');
      if (bool(p.isSecretBase64Encoded)) notes.add(place, 'auth', 'JWT secret marked base64-encoded: Keyhole uses the secret as text');
      const secret = alg.startsWith('HS') ? s(p.secret) : s(p.privateKey) || s(p.secret);
      const inQuery = p.addTokenTo === 'queryParam';
      return {
        auth: {
          type: 'jwt', algorithm: alg as 'HS256', secret, claims, header, lifetimeSeconds: 300,
          prefix: opt(p.headerPrefix) ?? 'Bearer', in: inQuery ? 'query' : 'header', queryParam: opt(p.queryParamKey) ?? 'token',
        },
      };
    }
    default:
      return unsupported(`${pm.type} auth is not supported by Keyhole`);
  }
}

/** The description with an unsupported auth block appended, when there was one. */
export function describeUnsupported(description: string | undefined, mapped: MappedAuth): string | undefined {
  return mapped.unsupported ? keepAsData(description, mapped.unsupported.label, mapped.unsupported.data) : description;
}
