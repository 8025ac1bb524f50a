import type { Auth } from '../../model';
import { keepAsData, withoutSecrets, type ReportNotes } from '../report';
import type { InsAuth } from './tree';
import { fromNunjucks } from './template';

const OAUTH1 = new Set(['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT']);

/** Insomnia auth → Keyhole; unsupported kinds (NTLM, Hawk, ASAP, netrc, implicit) keep their data. */
export function mapInsomniaAuth(a: InsAuth | null | undefined, place: string, notes: ReportNotes): { auth: Auth; keep?: { label: string; data: unknown } } {
  if (!a || !a.type) return { auth: { type: 'inherit' } };
  const p = a as Record<string, unknown>;
  const s = (k: string): string => (typeof p[k] === 'string' ? fromNunjucks(p[k]) : p[k] === undefined || p[k] === null ? '' : String(p[k]));
  const o = (k: string): string | undefined => (s(k) === '' ? undefined : s(k));
  const unsupported = (why: string): { auth: Auth; keep: { label: string; data: unknown } } => {
    notes.add(place, 'auth', `${why}; kept as data in the description, sent without auth`);
    return { auth: { type: 'none' }, keep: { label: `insomnia auth ${a.type}`, data: withoutSecrets(p) } };
  };
  if (a.disabled) {
    notes.add(place, 'auth', `${a.type} auth was disabled in Insomnia; imported as no auth`);
    return { auth: { type: 'none' }, keep: { label: `insomnia auth ${a.type} (disabled)`, data: withoutSecrets(p) } };
  }
  switch (a.type) {
    case 'none': return { auth: { type: 'none' } };
    case 'inherit': return { auth: { type: 'inherit' } };
    case 'basic': return { auth: { type: 'basic', username: s('username'), password: s('password'), charset: p.useISO88591 ? 'latin1' : 'utf-8' } };
    case 'bearer': return { auth: { type: 'bearer', token: s('token'), prefix: o('prefix') ?? 'Bearer' } };
    case 'digest': return { auth: { type: 'digest', username: s('username'), password: s('password') } };
    case 'apikey': {
      if (!o('key')) return unsupported('API key auth without a key name');
      const where = p.addTo === 'queryParams' ? 'query' : p.addTo === 'cookie' ? 'cookie' : 'header';
      return { auth: { type: 'apikey', key: s('key'), value: s('value'), in: where } };
    }
    case 'oauth1': {
      const method = o('signatureMethod') ?? 'HMAC-SHA1';
      if (!OAUTH1.has(method)) return unsupported(`OAuth 1.0 signature method ${method} is not supported`);
      return {
        auth: {
          type: 'oauth1', signatureMethod: method as 'HMAC-SHA1', consumerKey: s('consumerKey'), consumerSecret: s('consumerSecret'),
          ...(o('tokenKey') ? { token: s('tokenKey') } : {}), ...(o('tokenSecret') ? { tokenSecret: s('tokenSecret') } : {}),
          ...(o('privateKey') ? { privateKey: s('privateKey') } : {}), ...(o('realm') ? { realm: s('realm') } : {}),
          includeBodyHash: p.includeBodyHash === true,
        },
      };
    }
    case 'oauth2': {
      const g = o('grantType') ?? 'authorization_code';
      const grant = ({ authorization_code: 'authorization_code', client_credentials: 'client_credentials', password: 'password', refresh_token: 'refresh_token' } as const)[g as 'password'];
      if (!grant) return unsupported(`OAuth 2.0 grant ${g} is not supported`);
      return {
        auth: {
          type: 'oauth2', grant, clientId: s('clientId'),
          ...(o('accessTokenUrl') ? { tokenUrl: s('accessTokenUrl') } : {}), ...(o('authorizationUrl') ? { authorizationUrl: s('authorizationUrl') } : {}),
          ...(o('clientSecret') ? { clientSecret: s('clientSecret') } : {}), clientAuth: p.credentialsInBody ? 'client_secret_post' : 'client_secret_basic',
          ...(o('username') ? { username: s('username') } : {}), ...(o('password') ? { password: s('password') } : {}),
          ...(o('refreshToken') ? { refreshToken: s('refreshToken') } : {}), ...(o('scope') ? { scope: s('scope') } : {}),
          ...(o('audience') ? { audience: s('audience') } : {}), ...(o('resource') ? { resource: s('resource') } : {}),
          ...(o('redirectUrl') ? { redirectUri: s('redirectUrl') } : {}), usePkce: p.usePkce !== false, tokenPrefix: o('tokenPrefix') ?? 'Bearer',
        },
      };
    }
    case 'iam':
      return {
        auth: {
          type: 'awsv4', accessKeyId: s('accessKeyId'), secretAccessKey: s('secretAccessKey'), region: o('region') ?? 'us-east-1', service: s('service'),
          ...(o('sessionToken') ? { sessionToken: s('sessionToken') } : {}), signQuery: false, unsignedPayload: false,
        },
      };
    default:
      return unsupported(`${a.type} auth is not supported by Keyhole`);
  }
}

export function keepAuth(description: string | undefined, keep: { label: string; data: unknown } | undefined): string | undefined {
  return keep ? keepAsData(description, keep.label, keep.data) : description;
}
