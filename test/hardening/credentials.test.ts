import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers } from '../../electron/engine/http';
import type { SecretStore } from '../../electron/engine/secrets';
import { openSession } from '../../electron/engine/session';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection, Environment, Request, type Auth } from '../../shared/model';
import { echoHandler, sendJson, startHttpServer, type HttpTestServer, type ReceivedRequest } from '../servers/http';

/**
 * Guarantee 1, through the whole pipeline (openSession + session.send, the path the CLI and the
 * app use): credentials never leave the origin they were made for. A and B are two servers on
 * 127.0.0.1 with different ports, hence different origins.
 */
let a: HttpTestServer;
let b: HttpTestServer;

/** A copies the query of /start onto its redirect, as some servers do, so query credentials are tested too. */
beforeAll(async () => {
  a = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://a');
    if (url.pathname === '/start') {
      const to = new URL(url.searchParams.get('to') ?? '/');
      for (const [k, v] of url.searchParams) if (k !== 'to') to.searchParams.append(k, v);
      res.writeHead(302, { location: to.href }).end();
    } else if (url.pathname === '/token') {
      req.resume();
      req.on('end', () => sendJson(res, 200, { access_token: 'oauth-access-S3CRET', token_type: 'Bearer', expires_in: 3600 }));
    } else if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (url.pathname === '/to') {
      res.writeHead(302, { location: url.searchParams.get('loc') ?? '/' }).end();
    } else {
      echoHandler(req, res);
    }
  });
  b = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://b');
    if (url.pathname === '/bounce') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    } else if (url.pathname === '/challenge') {
      res.writeHead(401, {
        'www-authenticate': ['Digest realm="b", nonce="b-nonce", qop="auth", algorithm=SHA-256', 'Bearer error="invalid_token"'],
      }).end();
    } else {
      echoHandler(req, res);
    }
  });
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([a.close(), b.close()]);
});

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
const temp = (): Promise<string> => mkdtemp(join(tmpdir(), 'keyhole-hardening-'));

/** Every scheme that adds credentials, with the secrets it must never send elsewhere. */
const SCHEMES: { name: string; auth: Auth | undefined; headers?: [string, string][]; secrets: string[] }[] = [
  { name: 'basic', auth: { type: 'basic', username: 'user', password: 'basic-S3CRET', charset: 'utf-8' }, secrets: ['basic-S3CRET', Buffer.from('user:basic-S3CRET').toString('base64')] },
  { name: 'bearer', auth: { type: 'bearer', token: 'bearer-S3CRET', prefix: 'Bearer' }, secrets: ['bearer-S3CRET'] },
  { name: 'API key in X-API-Key (undici#4917)', auth: { type: 'apikey', key: 'X-API-Key', value: 'apikey-S3CRET', in: 'header' }, secrets: ['apikey-S3CRET'] },
  { name: 'API key in the query', auth: { type: 'apikey', key: 'api_key', value: 'query-S3CRET', in: 'query' }, secrets: ['query-S3CRET'] },
  { name: 'API key in a cookie', auth: { type: 'apikey', key: 'session', value: 'cookie-S3CRET', in: 'cookie' }, secrets: ['cookie-S3CRET'] },
  {
    name: 'JWT bearer', auth: { type: 'jwt', algorithm: 'HS256', secret: 'jwt-S3CRET-0123456789abcdef0123456789', claims: { sub: 'me' }, header: {}, lifetimeSeconds: 300, prefix: 'Bearer', in: 'header', queryParam: 'token' },
    secrets: ['jwt-S3CRET', 'eyJ'],
  },
  {
    name: 'JWT in the query', auth: { type: 'jwt', algorithm: 'HS256', secret: 'jwt-S3CRET-0123456789abcdef0123456789', claims: { sub: 'me' }, header: {}, lifetimeSeconds: 300, prefix: 'Bearer', in: 'query', queryParam: 'token' },
    secrets: ['jwt-S3CRET', 'eyJ'],
  },
  {
    name: 'AWS SigV4 (header)', auth: { type: 'awsv4', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'aws-S3CRET', sessionToken: 'session-S3CRET', region: 'us-east-1', service: 'execute-api', signQuery: false, unsignedPayload: false },
    secrets: ['aws-S3CRET', 'session-S3CRET', 'AKIDEXAMPLE'],
  },
  {
    name: 'AWS SigV4 (presigned query)', auth: { type: 'awsv4', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'aws-S3CRET', region: 'us-east-1', service: 'execute-api', signQuery: true, unsignedPayload: false },
    secrets: ['aws-S3CRET', 'AKIDEXAMPLE', 'X-Amz-Signature'],
  },
  {
    name: 'OAuth 1.0a', auth: { type: 'oauth1', signatureMethod: 'HMAC-SHA1', consumerKey: 'ck-S3CRET', consumerSecret: 'cs-S3CRET', token: 'tk-S3CRET', tokenSecret: 'ts-S3CRET', includeBodyHash: false },
    secrets: ['ck-S3CRET', 'tk-S3CRET', 'oauth_signature'],
  },
  {
    name: 'OAuth 2.0 client credentials', secrets: ['oauth-access-S3CRET', 'client-S3CRET'],
    auth: { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'TOKEN_URL', clientId: 'cid', clientSecret: 'client-S3CRET', clientAuth: 'client_secret_basic', usePkce: true, tokenPrefix: 'Bearer' },
  },
  {
    name: 'hand-set Authorization, Proxy-Authorization and Cookie headers', auth: undefined, secrets: ['hand-S3CRET', 'proxy-S3CRET', 'jar-S3CRET'],
    headers: [['Authorization', 'Token hand-S3CRET'], ['Proxy-Authorization', 'Basic proxy-S3CRET'], ['Cookie', 'sid=jar-S3CRET']],
  },
];

const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|x-amz-.*)$/i;

/** What a server saw that carries a credential: credential header names, or a secret anywhere. */
function leaks(r: ReceivedRequest, secrets: readonly string[]): string[] {
  const found = r.headers.filter(([k]) => CREDENTIAL_HEADER.test(k)).map(([k]) => k);
  const wire = `${r.url}\n${r.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}`;
  for (const s of secrets) if (wire.includes(s)) found.push(`"${s}"`);
  if (/[?&](X-Amz-|api_key=|token=|oauth_)/i.test(r.url)) found.push('credential query parameter');
  return found;
}

describe('credentials stay on their origin (A -> B -> A)', () => {
  for (const scheme of SCHEMES) {
    it(`${scheme.name}: sent to A, removed before B, not restored when the chain returns to A`, async () => {
      const auth = scheme.auth?.type === 'oauth2' ? { ...scheme.auth, tokenUrl: `${a.url}/token` } : scheme.auth;
      const session = await openSession({ collection: Collection.parse({ name: 'c' }), secrets: noSecrets, tempDir: await temp() });
      const aBefore = a.requests.length;
      const bBefore = b.requests.length;
      const chain = `${a.url}/start?to=${encodeURIComponent(`${b.url}/bounce?to=${encodeURIComponent(`${a.url}/echo`)}`)}`;
      const request = Request.parse({ name: scheme.name, url: chain, headers: (scheme.headers ?? []).map(([key, value]) => ({ key, value })), ...(auth ? { auth } : {}) });
      const { exchange } = await session.send(request);
      expect(exchange.response.status).toBe(200);

      const atA = a.requests.slice(aBefore).filter((r) => !r.url.startsWith('/token'));
      const atB = b.requests.slice(bBefore);
      expect(atA.map((r) => r.url.split('?')[0])).toEqual(['/start', '/echo']);
      expect(atB.map((r) => r.url.split('?')[0])).toEqual(['/bounce']);
      // The scheme did put credentials on the first request, or this test proves nothing.
      expect(leaks(atA[0] as ReceivedRequest, scheme.secrets).length).toBeGreaterThan(0);
      expect(leaks(atB[0] as ReceivedRequest, scheme.secrets), 'at B').toEqual([]);
      expect(leaks(atA[1] as ReceivedRequest, scheme.secrets), 'back at A').toEqual([]);
      expect(exchange.hops[0]?.removedHeaders.length).toBeGreaterThan(0);
      expect(exchange.hops[0]?.removedReason).toMatch(/changes origin/);
      expect(exchange.hops[1]?.removedHeaders).toEqual([]);
    });
  }
});

describe('a challenge from another origin is not answered', () => {
  it('Digest: the 401 from B after a redirect is returned, not answered with credentials', async () => {
    const session = await openSession({ collection: Collection.parse({ name: 'c' }), secrets: noSecrets, tempDir: await temp() });
    const bBefore = b.requests.length;
    const { exchange } = await session.send(Request.parse({
      name: 'digest', url: `${a.url}/start?to=${encodeURIComponent(`${b.url}/challenge`)}`, auth: { type: 'digest', username: 'user', password: 'digest-S3CRET' },
    }));
    expect(exchange.response.status).toBe(401);
    const atB = b.requests.slice(bBefore);
    expect(atB).toHaveLength(1);
    expect(atB[0]?.header('authorization')).toBeUndefined();
    expect(exchange.authLog.map((l) => l.message).join('\n')).toMatch(/came from .* after a redirect.*not answered/);
  });

  it('OAuth 2.0: invalid_token from B does not fetch a new token nor retry', async () => {
    const session = await openSession({ collection: Collection.parse({ name: 'c' }), secrets: noSecrets, tempDir: await temp() });
    const aBefore = a.requests.length;
    const bBefore = b.requests.length;
    const { exchange } = await session.send(Request.parse({
      name: 'oauth', url: `${a.url}/start?to=${encodeURIComponent(`${b.url}/challenge`)}`,
      auth: { type: 'oauth2', grant: 'client_credentials', tokenUrl: `${a.url}/token`, clientId: 'cid', clientSecret: 'client-S3CRET' },
    }));
    expect(exchange.response.status).toBe(401);
    expect(a.requests.slice(aBefore).filter((r) => r.url === '/token')).toHaveLength(1);
    expect(b.requests.slice(bBefore)).toHaveLength(1);
    expect(b.requests.at(-1)?.header('authorization')).toBeUndefined();
  });
});

describe('redirect targets and the hop limit', () => {
  for (const loc of ['file:///etc/passwd', 'data:text/plain,hello', 'javascript:alert(1)']) {
    it(`a redirect to ${loc.split(':')[0]}: is refused`, async () => {
      const session = await openSession({ collection: Collection.parse({ name: 'c' }), secrets: noSecrets, tempDir: await temp() });
      const e = await session.send(Request.parse({ name: 'r', url: `${a.url}/to?loc=${encodeURIComponent(loc)}` })).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'redirect-refused' });
      expect((e as Error).message).toContain(`${loc.split(':')[0]}:`);
    });
  }

  it('the hop limit is enforced and named', async () => {
    const session = await openSession({ collection: Collection.parse({ name: 'c' }), secrets: noSecrets, tempDir: await temp() });
    const before = a.requests.length;
    const e = await session.send(Request.parse({ name: 'loop', url: `${a.url}/loop`, settings: { maxRedirects: 3 } })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'redirect-limit', details: { limit: 3 } });
    expect((e as Error).message).toContain('the limit is 3');
    expect(a.requests.length - before).toBe(4);
  });
});

describe('a profile\'s allowedOrigins', () => {
  async function profileSession(allowed: string[]) {
    const dir = await temp();
    await saveCollection(dir, Collection.parse({ name: 'p', profiles: [{ name: 'Main', allowedOrigins: allowed }] }));
    await saveEnvironment(dir, Environment.parse({ name: 'dev', variables: [{ key: 'tok', value: 'profile-S3CRET' }], profiles: { Main: { type: 'bearer', token: '{{tok}}' } } }), noSecrets);
    return openSession({ collectionDir: dir, environment: 'dev', secrets: noSecrets, tempDir: await temp() });
  }
  const viaProfile = (url: string) => Request.parse({ name: 'uses Main', url, auth: { type: 'profile', profile: 'Main' } });

  it('sends to an allowed origin', async () => {
    const s = await profileSession([a.url]);
    const { exchange } = await s.send(viaProfile(`${a.url}/echo`));
    expect(exchange.response.status).toBe(200);
    expect(a.requests.at(-1)?.header('authorization')).toBe('Bearer profile-S3CRET');
  });

  it('refuses another origin before anything is sent, naming the profile, the origin and the list', async () => {
    const s = await profileSession([a.url]);
    const before = b.requests.length;
    const e = await s.send(viaProfile(`${b.url}/echo`)).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'auth-config', details: { profile: 'Main', origin: `http://127.0.0.1:${b.port}`, allowedOrigins: [a.url] } });
    expect((e as Error).message).toContain('"Main"');
    expect((e as Error).message).toContain(a.url);
    expect(JSON.stringify(e)).not.toContain('profile-S3CRET');
    expect(b.requests.length).toBe(before);
  });

  it('a different scheme on the same host and port is another origin', async () => {
    const s = await profileSession([a.url]);
    await expect(s.send(viaProfile(`https://127.0.0.1:${a.port}/echo`))).rejects.toMatchObject({ code: 'auth-config' });
  });

  // forwardCredentialsTo names a host (any port); the profile names origins. The profile's list is
  // the stricter one, so it decides (A and B are both 127.0.0.1, on different ports).
  const forwarding = (url: string) => Request.parse({ name: 'uses Main', url, auth: { type: 'profile', profile: 'Main' }, settings: { forwardCredentialsTo: ['127.0.0.1'] } });
  const hopTo = (target: string) => `${a.url}/start?to=${encodeURIComponent(target)}`;

  it('a redirect to a host in forwardCredentialsTo but outside the profile\'s origins gets no credentials, with the reason on the hop', async () => {
    const s = await profileSession([a.url]);
    const before = b.requests.length;
    const { exchange } = await s.send(forwarding(hopTo(`${b.url}/echo`)));
    expect(exchange.response.status).toBe(200);
    expect(a.requests.at(-1)?.header('authorization')).toBe('Bearer profile-S3CRET');
    const atB = b.requests.slice(before);
    expect(atB).toHaveLength(1);
    expect(leaks(atB[0] as ReceivedRequest, ['profile-S3CRET'])).toEqual([]);
    expect(exchange.hops[0]?.removedHeaders).toContain('Authorization');
    expect(exchange.hops[0]?.removedReason).toContain('auth profile "Main" may only be sent to');
    expect(exchange.hops[0]?.removedReason).toContain(`http://127.0.0.1:${a.port}`);
    expect(exchange.hops[0]?.removedReason).toContain('forwardCredentialsTo');
  });

  it('the same redirect forwards them when the profile lists B too (so the test above can fail)', async () => {
    const s = await profileSession([a.url, `http://127.0.0.1:${b.port}/`]);
    const { exchange } = await s.send(forwarding(hopTo(`${b.url}/echo`)));
    expect(b.requests.at(-1)?.header('authorization')).toBe('Bearer profile-S3CRET');
    expect(exchange.hops[0]?.removedHeaders).toEqual([]);
  });

  it('A -> B (allowed) -> C (not allowed): forwarded to B, dropped before C', async () => {
    const c = await startHttpServer(echoHandler);
    try {
      const s = await profileSession([a.url, b.url]);
      const { exchange } = await s.send(forwarding(hopTo(`${b.url}/bounce?to=${encodeURIComponent(`${c.url}/echo`)}`)));
      expect(b.requests.at(-1)?.header('authorization')).toBe('Bearer profile-S3CRET');
      expect(c.requests).toHaveLength(1);
      expect(c.requests[0]?.header('authorization')).toBeUndefined();
      expect(exchange.hops.map((h) => h.removedHeaders.length > 0)).toEqual([false, true]);
      expect(exchange.hops[1]?.removedReason).toContain('"Main"');
    } finally {
      await c.close();
    }
  });

  it('an empty list restricts nothing', async () => {
    const s = await profileSession([]);
    expect((await s.send(viaProfile(`${b.url}/echo`))).exchange.response.status).toBe(200);
  });
});
