import { generateKeyPairSync } from 'node:crypto';
import { OAuth2Auth } from '../../../../shared/model';
import type { Exchange } from '../../../../shared/model';
import type { AuthCache, AuthContext, AuthScheme } from '../../../../electron/engine/auth/types';
import type { PreparedRequest } from '../../../../electron/engine/http/types';
import type { OAuth2 } from '../../../../electron/engine/auth/oauth2';
import type { ClientMetadata } from 'oidc-provider';
import { tmpdir } from 'node:os';
import { DEFAULT_SETTINGS, send as engineSend } from '../../../../electron/engine/http';
import type { TransportSettings } from '../../../../electron/engine/http';

export const SECRETS = {
  basic: 'svc-basic-secret-0123456789abcdef',
  post: 'svc-post-secret-0123456789abcdef',
  resourceServer: 'rs-secret-0123456789abcdef',
};

export const jwtClientKeys = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: { ...publicKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig' },
  };
})();

export function testClients(): ClientMetadata[] {
  const service = { grant_types: ['client_credentials'], response_types: [], redirect_uris: [] };
  return [
    { client_id: 'svc-basic', client_secret: SECRETS.basic, token_endpoint_auth_method: 'client_secret_basic', ...service },
    { client_id: 'svc-post', client_secret: SECRETS.post, token_endpoint_auth_method: 'client_secret_post', ...service },
    { client_id: 'svc-jwt', token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: { keys: [jwtClientKeys.publicJwk] }, ...service },
    { client_id: 'resource-server', client_secret: SECRETS.resourceServer, token_endpoint_auth_method: 'client_secret_basic', grant_types: [], response_types: [], redirect_uris: [] },
    {
      client_id: 'native-app',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/callback'],
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    },
  ];
}

/** A parsed OAuth 2.0 auth, defaults filled as the workspace loader would. */
export function oauth2(input: Omit<Partial<OAuth2>, 'type'> & Pick<OAuth2, 'grant' | 'clientId'>): OAuth2 {
  return OAuth2Auth.parse({ type: 'oauth2', ...input });
}

export class MapCache implements AuthCache {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.map.get(key) as T | undefined; }
  set<T>(key: string, value: T): void { this.map.set(key, value); }
  delete(key: string): void { this.map.delete(key); }
}

export interface Harness {
  ctx: AuthContext;
  logs: string[];
  prompts: string[];
  sent: PreparedRequest[];
  clock: { now: Date };
}

export function harness(over: Partial<AuthContext> & { timeoutMs?: number } = {}): Harness {
  const logs: string[] = [];
  const prompts: string[] = [];
  const sent: PreparedRequest[] = [];
  // The engine's own transport, with no proxy from the environment: tests talk to 127.0.0.1 only.
  const settings: TransportSettings = { ...DEFAULT_SETTINGS, proxy: { mode: 'none' }, timeoutMs: over.timeoutMs ?? 10_000 };
  const send = (req: PreparedRequest) => {
    sent.push(req);
    return engineSend(req, { settings, tempDir: tmpdir() });
  };
  const clock = { now: new Date() };
  const ctx: AuthContext = {
    send,
    now: () => clock.now,
    cache: new MapCache(),
    log: (m) => logs.push(m),
    profile: 'Partner app',
    environment: 'staging',
    prompt: (m) => prompts.push(m),
    ...over,
  };
  return { ctx, logs, prompts, sent, clock };
}

export function apiRequest(url: string): PreparedRequest {
  return { method: 'GET', url, headers: [['Accept', 'application/json']], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [] };
}

/** What the engine's execute does with a scheme: apply, send, one retry on a refusal. */
export async function run(scheme: AuthScheme<OAuth2>, auth: OAuth2, req: PreparedRequest, ctx: AuthContext): Promise<{ first: Exchange; final: Exchange }> {
  const applied = await scheme.apply(auth, req, ctx);
  const first = await ctx.send(applied);
  if (first.response.status === 401 && scheme.retry) {
    const again = await scheme.retry(auth, applied, first, ctx, 1);
    if (again) return { first, final: await ctx.send(again) };
  }
  return { first, final: first };
}

export function bodyJson(x: Exchange): Record<string, unknown> {
  if (x.response.body.storage !== 'inline') throw new Error('expected an inline body');
  return JSON.parse(Buffer.from(x.response.body.base64, 'base64').toString('utf8')) as Record<string, unknown>;
}

export function authorizationOf(req: PreparedRequest): string | undefined {
  return req.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1];
}

export function sentAuthorization(x: Exchange): string | undefined {
  return x.request.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1];
}
