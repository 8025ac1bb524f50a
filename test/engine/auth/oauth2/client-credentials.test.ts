import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuth2Scheme } from '../../../../electron/engine/auth/oauth2';
import { startOAuthApi, type OAuthApi } from '../../../servers/oauth-api';
import { API_SCOPE, startOAuthServer, type OAuthServer } from '../../../servers/oauth-server';
import { apiRequest, authorizationOf, bodyJson, sentAuthorization, harness, jwtClientKeys, oauth2, run, SECRETS, testClients } from './harness';

let as: OAuthServer;
let api: OAuthApi;
const scheme = createOAuth2Scheme();

beforeAll(async () => {
  as = await startOAuthServer({ clients: testClients(), accessTokenTtl: 120 });
  api = await startOAuthApi({ issuer: as.issuer, clientId: 'resource-server', clientSecret: SECRETS.resourceServer });
});
afterAll(async () => {
  await api?.close();
  await as?.close();
});

describe('client credentials grant (RFC 6749 §4.4) against oidc-provider', () => {
  it('client_secret_basic with an explicit token URL: the API accepts the token', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc-basic', clientSecret: SECRETS.basic, tokenUrl: `${as.issuer}/token`, scope: API_SCOPE });
    const { final } = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(final.response.status).toBe(200);
    expect(bodyJson(final)).toMatchObject({ client_id: 'svc-basic', scope: API_SCOPE });
    // The token request authenticated with HTTP Basic and never put the secret in the body.
    const tokenReq = h.sent[0]!;
    expect(authorizationOf(tokenReq)).toMatch(/^Basic /);
    expect(tokenReq.credentialHeaders).toContain('authorization');
    const form = tokenReq.body.kind === 'bytes' ? Buffer.from(tokenReq.body.data).toString() : '';
    expect(form).not.toContain(SECRETS.basic);
    expect(new URLSearchParams(form).get('grant_type')).toBe('client_credentials');
  });

  it('client_secret_post, endpoints discovered from the issuer', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc-post', clientSecret: SECRETS.post, clientAuth: 'client_secret_post', issuer: as.issuer });
    const { final } = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(final.response.status).toBe(200);
    expect(h.sent[0]!.url).toBe(`${as.issuer}/.well-known/openid-configuration`);
    const tokenReq = h.sent[1]!;
    expect(authorizationOf(tokenReq)).toBeUndefined();
    const form = new URLSearchParams(tokenReq.body.kind === 'bytes' ? Buffer.from(tokenReq.body.data).toString() : '');
    expect(form.get('client_id')).toBe('svc-post');
    expect(form.get('client_secret')).toBe(SECRETS.post);
    expect(h.logs.join('\n')).toContain('discovered the endpoints');
  });

  it('private_key_jwt with a generated ES256 key pair', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc-jwt', clientAuth: 'private_key_jwt', privateKey: jwtClientKeys.privatePem, issuer: as.issuer, resource: 'urn:keyhole:test-api' });
    const { final } = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(final.response.status).toBe(200);
    expect(bodyJson(final)).toMatchObject({ client_id: 'svc-jwt' });
    const form = new URLSearchParams(h.sent[1]!.body.kind === 'bytes' ? Buffer.from(h.sent[1]!.body.data).toString() : '');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.get('resource')).toBe('urn:keyhole:test-api');
  });

  it('caches the token: two requests, one token fetch, and the log masks the token', async () => {
    const h = harness();
    const before = as.tokenRequests.length;
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc-basic', clientSecret: SECRETS.basic, tokenUrl: `${as.issuer}/token` });
    const a = await run(scheme, auth, apiRequest(`${api.url}/one`), h.ctx);
    const b = await run(scheme, auth, apiRequest(`${api.url}/two`), h.ctx);
    expect(a.final.response.status).toBe(200);
    expect(b.final.response.status).toBe(200);
    expect(as.tokenRequests.length - before).toBe(1);
    expect(sentAuthorization(a.final)).toBe(sentAuthorization(b.final));
    expect(sentAuthorization(a.final)).toMatch(/^Bearer \S+$/);
    const token = api.accepted.at(-1)!;
    const logText = h.logs.join('\n');
    expect(logText).toContain('using the cached access token');
    expect(logText).not.toContain(token);
    expect(logText).not.toContain(SECRETS.basic);
  });

  it('fetches a new token shortly before expiry (no refresh token for client credentials)', async () => {
    const h = harness();
    const before = as.tokenRequests.length;
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc-basic', clientSecret: SECRETS.basic, tokenUrl: `${as.issuer}/token`, tokenCacheSkewSeconds: 30 });
    await run(scheme, auth, apiRequest(`${api.url}/a`), h.ctx);
    // 120 s tokens: at +85 s one is still fresh, at +95 s it is within the 30 s margin.
    h.clock.now = new Date(h.clock.now.getTime() + 85_000);
    await run(scheme, auth, apiRequest(`${api.url}/b`), h.ctx);
    expect(as.tokenRequests.length - before).toBe(1);
    h.clock.now = new Date(h.clock.now.getTime() + 10_000);
    const { final } = await run(scheme, auth, apiRequest(`${api.url}/c`), h.ctx);
    expect(final.response.status).toBe(200);
    expect(as.tokenRequests.length - before).toBe(2);
    expect(h.logs.join('\n')).toMatch(/expires soon or has expired/);
  });

  it('concurrent requests share one token fetch', async () => {
    const h = harness();
    const before = as.tokenRequests.length;
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc-post', clientSecret: SECRETS.post, clientAuth: 'client_secret_post', tokenUrl: `${as.issuer}/token` });
    const results = await Promise.all([1, 2, 3].map((i) => run(scheme, auth, apiRequest(`${api.url}/${i}`), h.ctx)));
    expect(results.map((r) => r.final.response.status)).toEqual([200, 200, 200]);
    expect(as.tokenRequests.length - before).toBe(1);
  });
});
