import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuth2Scheme } from '../../../../electron/engine/auth/oauth2';
import { isKeyholeError, type KeyholeError } from '../../../../shared/errors';
import { listenLocal } from '../../../servers/running';
import { startPasswordServer, type PasswordServer } from '../../../servers/oauth-password-server';
import { apiRequest, harness, oauth2, run, sentAuthorization } from './harness';

const CLIENT = { id: 'cli-app', secret: 'cli-app-secret-0123456789abcdef' };
const USER = { username: 'bob', password: 'bobs-password-0123456789' };
let srv: PasswordServer;
const scheme = createOAuth2Scheme();

beforeAll(async () => {
  srv = await startPasswordServer({ client: CLIENT, user: USER });
});
afterAll(async () => {
  await srv?.close();
});

async function failure(p: Promise<unknown>): Promise<KeyholeError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  if (!isKeyholeError(e)) throw new Error(`expected a KeyholeError, got ${String(e)}`);
  return e;
}

function noSecretsIn(e: KeyholeError, ...secrets: string[]) {
  const text = JSON.stringify({ m: e.message, h: e.hint, d: e.details });
  for (const s of secrets) expect(text).not.toContain(s);
}

describe('resource owner password grant (RFC 6749 §4.3) against a spec-following token endpoint', () => {
  it('gets a token with client_secret_basic and the API accepts it', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'password', clientId: CLIENT.id, clientSecret: CLIENT.secret, tokenUrl: `${srv.url}/token`, username: USER.username, password: USER.password, scope: 'read' });
    const { final } = await run(scheme, auth, apiRequest(`${srv.url}/api`), h.ctx);
    expect(final.response.status).toBe(200);
    expect(sentAuthorization(final)).toMatch(/^Bearer /);
    expect(srv.tokenRequests.at(-1)).toBe('password');
    const logText = h.logs.join('\n');
    for (const s of [CLIENT.secret, USER.password]) expect(logText).not.toContain(s);
  });

  it('a wrong password is invalid_grant, named with the profile; the API is never called', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'password', clientId: CLIENT.id, clientSecret: CLIENT.secret, tokenUrl: `${srv.url}/token`, username: USER.username, password: 'nope-nope-nope' });
    const e = await failure(scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx));
    expect(e.code).toBe('auth-failed');
    expect(e.message).toContain('auth profile "Partner app" (environment "staging")');
    expect(e.message).toContain('invalid_grant');
    expect(h.sent.map((r) => r.url)).toEqual([`${srv.url}/token`]);
    noSecretsIn(e, CLIENT.secret, 'nope-nope-nope');
  });

  it('a wrong client secret is invalid_client with a hint about the client credentials', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'password', clientId: CLIENT.id, clientSecret: 'wrong-secret-0123456789', tokenUrl: `${srv.url}/token`, username: USER.username, password: USER.password });
    const e = await failure(scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx));
    expect(e.code).toBe('auth-failed');
    expect(e.message).toMatch(/401/);
    expect(e.hint).toMatch(/client secret/);
    noSecretsIn(e, 'wrong-secret-0123456789', USER.password);
  });
});

describe('bad input: clear errors naming the profile and field, nothing sent', () => {
  it('missing client secret for client_secret_basic', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc', tokenUrl: `${srv.url}/token` });
    const e = await failure(scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx));
    expect(e.code).toBe('auth-config');
    expect(e.message).toBe('OAuth 2.0 auth profile "Partner app" (environment "staging"): clientSecret is missing, and clientAuth "client_secret_basic" needs it');
    expect(e.details).toMatchObject({ profile: 'Partner app', field: 'clientSecret' });
    expect(h.sent).toEqual([]);
  });

  it('missing token URL and issuer; missing username for the password grant; no browser for authorization code', async () => {
    const h = harness({ openBrowser: undefined });
    const e1 = await failure(scheme.apply(oauth2({ grant: 'client_credentials', clientId: 'svc', clientSecret: 'x' }), apiRequest(srv.url), h.ctx));
    expect(e1.details).toMatchObject({ field: 'tokenUrl' });
    const e2 = await failure(scheme.apply(oauth2({ grant: 'password', clientId: 'svc', clientSecret: 'x', tokenUrl: `${srv.url}/token` }), apiRequest(srv.url), h.ctx));
    expect(e2.details).toMatchObject({ field: 'username' });
    const e3 = await failure(scheme.apply(oauth2({ grant: 'authorization_code', clientId: 'svc', clientAuth: 'none', tokenUrl: `${srv.url}/token`, authorizationUrl: `${srv.url}/authorize` }), apiRequest(srv.url), h.ctx));
    expect(e3.code).toBe('auth-config');
    expect(e3.message).toContain('needs a browser');
    expect(h.sent).toEqual([]);
  });

  it('a private key that does not parse, and an algorithm that does not fit the key', async () => {
    const h = harness();
    const bad = oauth2({ grant: 'client_credentials', clientId: 'svc', clientAuth: 'private_key_jwt', privateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----', tokenUrl: `${srv.url}/token` });
    const e1 = await failure(scheme.apply(bad, apiRequest(srv.url), h.ctx));
    expect(e1.code).toBe('auth-config');
    expect(e1.details).toMatchObject({ field: 'privateKey' });
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const e2 = await failure(scheme.apply({ ...bad, privateKey: pem, privateKeyAlg: 'RS256' }, apiRequest(srv.url), h.ctx));
    expect(e2.details).toMatchObject({ field: 'privateKeyAlg' });
    const e3 = await failure(scheme.apply({ ...bad, privateKey: pem, privateKeyAlg: 'HS999' }, apiRequest(srv.url), h.ctx));
    expect(e3.details).toMatchObject({ field: 'privateKeyAlg' });
    expect(h.sent).toEqual([]);
    noSecretsIn(e2, pem);
  });

  it('a token endpoint that answers with an HTML page', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'client_credentials', clientId: CLIENT.id, clientSecret: CLIENT.secret, tokenUrl: `${srv.url}/html` });
    const e = await failure(scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx));
    expect(e.code).toBe('auth-failed');
    expect(e.message).toContain(`the token endpoint ${srv.url}/html answered 200 with text/html; charset=utf-8, not a JSON response`);
    expect(e.message).toContain('auth profile "Partner app"');
    expect(h.sent.map((r) => r.url)).toEqual([`${srv.url}/html`]);
  });

  it('a token endpoint that times out', async () => {
    const h = harness({ timeoutMs: 300 });
    const auth = oauth2({ grant: 'client_credentials', clientId: CLIENT.id, clientSecret: CLIENT.secret, tokenUrl: `${srv.url}/silent` });
    const e = await failure(scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx));
    expect(e.code).toBe('auth-failed');
    expect(e.message).toContain(`the token request to ${srv.url}/silent timed out`);
    expect(e.details).toMatchObject({ profile: 'Partner app', cause: 'timeout' });
    expect(h.sent.map((r) => r.url)).toEqual([`${srv.url}/silent`]);
  });

  it('an unreachable token endpoint', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const probe = createServer();
    const port = await listenLocal(probe);
    await new Promise<void>((r) => probe.close(() => r()));
    const h = harness();
    const auth = oauth2({ grant: 'client_credentials', clientId: CLIENT.id, clientSecret: CLIENT.secret, tokenUrl: `http://127.0.0.1:${port}/token` });
    const e = await failure(scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx));
    expect(e.code).toBe('auth-failed');
    expect(e.message).toContain(`OAuth 2.0 auth profile "Partner app" (environment "staging"): the token request to http://127.0.0.1:${port}/token failed (network)`);
    expect(h.sent).toHaveLength(1);
    noSecretsIn(e, CLIENT.secret);
  });

  it('a refresh token that the server refuses, for the refresh_token grant', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'refresh_token', clientId: CLIENT.id, clientSecret: CLIENT.secret, tokenUrl: `${srv.url}/token`, refreshToken: 'stale-refresh-token-0123456789' });
    const e = await failure(scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx));
    expect(e.message).toContain('the refresh request');
    expect(e.message).toContain('invalid_grant');
    noSecretsIn(e, 'stale-refresh-token-0123456789', CLIENT.secret);
  });
});
