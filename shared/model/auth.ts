import { z } from 'zod';

/**
 * Auth as stored on a request, folder, collection or in an environment's profile binding.
 * Every string may hold {{variables}}; fields that are secrets are named in SECRET_AUTH_FIELDS so the
 * store keeps them out of workspace files and every output masks them.
 */
const str = z.string();

export const NoAuth = z.object({ type: z.literal('none') });
export const InheritAuth = z.object({ type: z.literal('inherit') });
export const ProfileAuth = z.object({ type: z.literal('profile'), profile: str.min(1) });

export const BasicAuth = z.object({
  type: z.literal('basic'),
  username: str,
  password: str.default(''),
  /** RFC 7617 §2.1: encode as UTF-8 (the default), or latin1 for old servers. */
  charset: z.enum(['utf-8', 'latin1']).default('utf-8'),
});

export const BearerAuth = z.object({
  type: z.literal('bearer'),
  token: str,
  prefix: str.default('Bearer'),
});

export const ApiKeyAuth = z.object({
  type: z.literal('apikey'),
  key: str.min(1),
  value: str,
  in: z.enum(['header', 'query', 'cookie']).default('header'),
  prefix: str.optional(),
});

export const DigestAlgorithm = z.enum(['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess']);
export const DigestAuth = z.object({
  type: z.literal('digest'),
  username: str,
  password: str.default(''),
  /** Pre-set algorithm; by default the one the server's challenge offers (strongest first). */
  algorithm: DigestAlgorithm.optional(),
});

export const OAuth2ClientAuth = z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']);
export const OAuth2Auth = z.object({
  type: z.literal('oauth2'),
  grant: z.enum(['client_credentials', 'password', 'authorization_code', 'device_code', 'refresh_token']),
  issuer: str.optional(),
  tokenUrl: str.optional(),
  authorizationUrl: str.optional(),
  deviceAuthorizationUrl: str.optional(),
  clientId: str,
  clientSecret: str.optional(),
  clientAuth: OAuth2ClientAuth.default('client_secret_basic'),
  privateKey: str.optional(),
  privateKeyAlg: str.optional(),
  username: str.optional(),
  password: str.optional(),
  refreshToken: str.optional(),
  scope: str.optional(),
  audience: str.optional(),
  resource: str.optional(),
  redirectUri: str.optional(),
  usePkce: z.boolean().default(true),
  tokenPrefix: str.default('Bearer'),
  /** Refresh this many seconds before the token expires (default 30, capped at half its lifetime). */
  tokenCacheSkewSeconds: z.number().int().nonnegative().optional(),
});

export const JwtBearerAuth = z.object({
  type: z.literal('jwt'),
  algorithm: z.enum(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']),
  /** A shared secret (HS*) or a PEM private key. */
  secret: str,
  claims: z.record(str, z.unknown()).default({}),
  header: z.record(str, z.unknown()).default({}),
  lifetimeSeconds: z.number().int().positive().default(300),
  prefix: str.default('Bearer'),
  in: z.enum(['header', 'query']).default('header'),
  queryParam: str.default('token'),
});

export const AwsSigV4Auth = z.object({
  type: z.literal('awsv4'),
  accessKeyId: str,
  secretAccessKey: str,
  sessionToken: str.optional(),
  region: str,
  service: str,
  signQuery: z.boolean().default(false),
  unsignedPayload: z.boolean().default(false),
});

export const OAuth1Auth = z.object({
  type: z.literal('oauth1'),
  signatureMethod: z.enum(['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT']),
  consumerKey: str,
  consumerSecret: str.default(''),
  token: str.optional(),
  tokenSecret: str.optional(),
  privateKey: str.optional(),
  realm: str.optional(),
  includeBodyHash: z.boolean().default(false),
});

export const ClientCertAuth = z.object({
  type: z.literal('clientcert'),
  certFile: str.optional(),
  keyFile: str.optional(),
  pfxFile: str.optional(),
  passphrase: str.optional(),
});

export const Auth = z.discriminatedUnion('type', [
  NoAuth, InheritAuth, ProfileAuth, BasicAuth, BearerAuth, ApiKeyAuth, DigestAuth, OAuth2Auth,
  JwtBearerAuth, AwsSigV4Auth, OAuth1Auth, ClientCertAuth,
]);
export type Auth = z.infer<typeof Auth>;
export type AuthType = Auth['type'];
/** A scheme that actually produces credentials (not a pointer to one). */
export type ConcreteAuth = Exclude<Auth, { type: 'inherit' } | { type: 'profile' }>;

/** Which fields of each scheme are secrets. The store and every printer read this one table. */
export const SECRET_AUTH_FIELDS: Readonly<Record<AuthType, readonly string[]>> = {
  none: [], inherit: [], profile: [],
  basic: ['password'],
  bearer: ['token'],
  apikey: ['value'],
  digest: ['password'],
  oauth2: ['clientSecret', 'privateKey', 'password', 'refreshToken'],
  jwt: ['secret'],
  awsv4: ['secretAccessKey', 'sessionToken'],
  oauth1: ['consumerSecret', 'tokenSecret', 'privateKey'],
  clientcert: ['passphrase'],
};
