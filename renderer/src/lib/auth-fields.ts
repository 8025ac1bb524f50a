import { SECRET_AUTH_FIELDS, type Auth, type AuthType } from '../../../shared/model';

export interface Field {
  name: string;
  label: string;
  kind: 'text' | 'select' | 'checkbox' | 'textarea' | 'number';
  options?: readonly string[];
}

/** Each scheme's form, as a field list (the engine's schemes own what the fields mean). */
export const AUTH_FIELDS: Record<AuthType, readonly Field[]> = {
  none: [], inherit: [],
  profile: [{ name: 'profile', label: 'Profile', kind: 'text' }],
  basic: [{ name: 'username', label: 'Username', kind: 'text' }, { name: 'password', label: 'Password', kind: 'text' }, { name: 'charset', label: 'Charset', kind: 'select', options: ['utf-8', 'latin1'] }],
  bearer: [{ name: 'token', label: 'Token', kind: 'textarea' }, { name: 'prefix', label: 'Prefix', kind: 'text' }],
  apikey: [{ name: 'key', label: 'Key name', kind: 'text' }, { name: 'value', label: 'Key value', kind: 'text' }, { name: 'in', label: 'Add to', kind: 'select', options: ['header', 'query', 'cookie'] }, { name: 'prefix', label: 'Value prefix', kind: 'text' }],
  digest: [{ name: 'username', label: 'Username', kind: 'text' }, { name: 'password', label: 'Password', kind: 'text' }, { name: 'algorithm', label: 'Algorithm', kind: 'select', options: ['', 'MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess'] }],
  oauth2: [
    { name: 'grant', label: 'Grant', kind: 'select', options: ['client_credentials', 'password', 'authorization_code', 'device_code', 'refresh_token'] },
    { name: 'tokenUrl', label: 'Token URL', kind: 'text' }, { name: 'authorizationUrl', label: 'Authorization URL', kind: 'text' },
    { name: 'deviceAuthorizationUrl', label: 'Device authorization URL', kind: 'text' }, { name: 'issuer', label: 'Issuer', kind: 'text' },
    { name: 'clientId', label: 'Client ID', kind: 'text' }, { name: 'clientSecret', label: 'Client secret', kind: 'text' },
    { name: 'clientAuth', label: 'Client authentication', kind: 'select', options: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] },
    { name: 'username', label: 'Username', kind: 'text' }, { name: 'password', label: 'Password', kind: 'text' },
    { name: 'refreshToken', label: 'Refresh token', kind: 'text' }, { name: 'scope', label: 'Scope', kind: 'text' },
    { name: 'audience', label: 'Audience', kind: 'text' }, { name: 'usePkce', label: 'Use PKCE', kind: 'checkbox' },
  ],
  jwt: [
    { name: 'algorithm', label: 'Algorithm', kind: 'select', options: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] },
    { name: 'secret', label: 'Secret or private key', kind: 'textarea' }, { name: 'lifetimeSeconds', label: 'Lifetime (s)', kind: 'number' },
    { name: 'prefix', label: 'Prefix', kind: 'text' },
  ],
  awsv4: [
    { name: 'accessKeyId', label: 'Access key ID', kind: 'text' }, { name: 'secretAccessKey', label: 'Secret access key', kind: 'text' },
    { name: 'sessionToken', label: 'Session token', kind: 'text' }, { name: 'region', label: 'Region', kind: 'text' }, { name: 'service', label: 'Service', kind: 'text' },
  ],
  oauth1: [
    { name: 'signatureMethod', label: 'Signature method', kind: 'select', options: ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT'] },
    { name: 'consumerKey', label: 'Consumer key', kind: 'text' }, { name: 'consumerSecret', label: 'Consumer secret', kind: 'text' },
    { name: 'token', label: 'Token', kind: 'text' }, { name: 'tokenSecret', label: 'Token secret', kind: 'text' },
  ],
  clientcert: [
    { name: 'certFile', label: 'Certificate file', kind: 'text' }, { name: 'keyFile', label: 'Key file', kind: 'text' },
    { name: 'pfxFile', label: 'PFX file', kind: 'text' }, { name: 'passphrase', label: 'Passphrase', kind: 'text' },
  ],
};

export const SCHEME_LABELS: Record<AuthType, string> = {
  inherit: 'Inherit from parent', none: 'No auth', profile: 'Auth profile', basic: 'Basic', bearer: 'Bearer token', apikey: 'API key',
  digest: 'Digest', oauth2: 'OAuth 2.0', jwt: 'JWT Bearer', awsv4: 'AWS Signature v4', oauth1: 'OAuth 1.0a', clientcert: 'Client certificate',
};

const DEFAULTS: Partial<Record<AuthType, Record<string, unknown>>> = {
  basic: { username: '', password: '', charset: 'utf-8' },
  bearer: { token: '', prefix: 'Bearer' },
  apikey: { key: 'X-API-Key', value: '', in: 'header' },
  digest: { username: '', password: '' },
  oauth2: { grant: 'client_credentials', clientId: '', clientAuth: 'client_secret_basic', usePkce: true, tokenPrefix: 'Bearer' },
  jwt: { algorithm: 'HS256', secret: '', claims: {}, header: {}, lifetimeSeconds: 300, prefix: 'Bearer', in: 'header', queryParam: 'token' },
  awsv4: { accessKeyId: '', secretAccessKey: '', region: 'us-east-1', service: 'execute-api', signQuery: false, unsignedPayload: false },
  oauth1: { signatureMethod: 'HMAC-SHA1', consumerKey: '', consumerSecret: '', includeBodyHash: false },
  clientcert: {},
  profile: { profile: '' },
};

export function blankAuth(type: AuthType): Auth {
  return { type, ...(DEFAULTS[type] ?? {}) } as Auth;
}

export const isSecretField = (type: AuthType, field: string): boolean => SECRET_AUTH_FIELDS[type].includes(field);
