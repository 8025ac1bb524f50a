import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createOAuth2Scheme } from '../../../../electron/engine/auth/oauth2';
import { isKeyholeError } from '../../../../shared/errors';
import { browse } from '../../../servers/oauth-browser';
import { startOAuthApi, type OAuthApi } from '../../../servers/oauth-api';
import { API_SCOPE, startOAuthServer, USER, type OAuthServer } from '../../../servers/oauth-server';
import { apiRequest, bodyJson, harness, oauth2, run, SECRETS, sentAuthorization, testClients } from './harness';

let as: OAuthServer;
let api: OAuthApi;
// Device polls wait interval/100: the protocol (pending, slow_down) is real, the waiting is not.
const scheme = createOAuth2Scheme({ sleep: (ms) => new Promise((r) => setTimeout(r, ms / 100)), browserTimeoutMs: 20_000 });

beforeAll(async () => {
  as = await startOAuthServer({ clients: testClients(), accessTokenTtl: 60 });
  api = await startOAuthApi({ issuer: as.issuer, clientId: 'resource-server', clientSecret: SECRETS.resourceServer });
});
afterAll(async () => {
  await api?.close();
  await as?.close();
});

/** The test is the user: it follows the authorization URL, signs in and consents. */
function userAtBrowser(done: { url?: string; status?: number; authUrl?: URL }) {
  return async (url: string) => {
    done.authUrl = new URL(url);
    const redirect = done.authUrl.searchParams.get('redirect_uri') ?? '';
    // Not awaited: openBrowser returns as soon as the browser is launched, as the desktop's does.
    void browse(url, { login: USER.login, password: USER.password }, { stopAt: redirect }).then((r) => {
      done.url = r.url;
      done.status = r.status;
    }, () => undefined);
  };
}

describe('authorization code + PKCE (RFC 7636) with a loopback redirect (RFC 8252)', () => {
  it('signs in through the browser, gets a token the API accepts, and refreshes it before expiry', async () => {
    const seen: { url?: string; status?: number; authUrl?: URL } = {};
    const h = harness({ openBrowser: userAtBrowser(seen) });
    const auth = oauth2({ grant: 'authorization_code', clientId: 'native-app', clientAuth: 'none', issuer: as.issuer, scope: `openid ${API_SCOPE}` });
    const { final } = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(final.response.status).toBe(200);
    expect(bodyJson(final)).toMatchObject({ sub: USER.login, client_id: 'native-app' });
    // The authorization request carried state and an S256 challenge, and the redirect was loopback.
    const params = seen.authUrl!.searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(seen.status).toBe(200);
    // The token request proved possession of the verifier.
    const tokenForm = new URLSearchParams(h.sent.find((r) => r.url.endsWith('/token'))!.body.kind === 'bytes'
      ? Buffer.from((h.sent.find((r) => r.url.endsWith('/token'))!.body as { data: Uint8Array }).data).toString() : '');
    expect(tokenForm.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    // 60 s token, 30 s margin: at +35 s it is refreshed with the refresh token, no browser again.
    const opened = seen.authUrl;
    h.clock.now = new Date(h.clock.now.getTime() + 35_000);
    const before = as.tokenRequests.length;
    const again = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(again.final.response.status).toBe(200);
    expect(as.tokenRequests.slice(before)).toEqual(['refresh_token']);
    expect(seen.authUrl).toBe(opened);
    expect(sentAuthorization(again.final)).not.toBe(sentAuthorization(final));
    expect(h.logs.join('\n')).toContain('refreshed the access token');
  });

  it('a refused sign-in (wrong password) ends with an error naming the profile, and nothing reaches the API', async () => {
    const h = harness({
      openBrowser: async (url) => {
        const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
        void browse(url, { login: USER.login, password: 'wrong' }, { stopAt: redirect }).catch(() => undefined);
      },
    });
    const auth = oauth2({ grant: 'authorization_code', clientId: 'native-app', clientAuth: 'none', issuer: as.issuer, scope: 'openid' });
    const err = await scheme.apply(auth, apiRequest(`${api.url}/me`), h.ctx).catch((e: unknown) => e);
    expect(isKeyholeError(err) && err.code).toBe('auth-failed');
    expect((err as Error).message).toContain('auth profile "Partner app"');
    expect((err as Error).message).toContain('access_denied');
    expect(h.sent.some((r) => r.url.startsWith(api.url))).toBe(false);
  });

  it('cancelling while waiting for the browser stops the flow and closes the loopback', async () => {
    const controller = new AbortController();
    let redirect = '';
    const h = harness({
      signal: controller.signal,
      openBrowser: async (url) => {
        redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
        setTimeout(() => controller.abort(), 50);
      },
    });
    const auth = oauth2({ grant: 'authorization_code', clientId: 'native-app', clientAuth: 'none', issuer: as.issuer });
    const err = await scheme.apply(auth, apiRequest(`${api.url}/me`), h.ctx).catch((e: unknown) => e);
    expect(isKeyholeError(err) && err.code).toBe('cancelled');
    await expect(request(redirect)).rejects.toThrow();
  });
});

describe('device authorization grant (RFC 8628)', () => {
  it('shows the code, polls while the user signs in, and the API accepts the token', async () => {
    const h = harness();
    h.ctx.prompt = (message) => {
      h.prompts.push(message);
      const m = /open (\S+) and enter the code (\S+)/.exec(message);
      if (!m) return;
      // The user, on another device: enters the code, confirms, signs in and consents.
      void browse(m[1]!, { user_code: m[2]!, login: USER.login, password: USER.password }).catch(() => undefined);
    };
    const auth = oauth2({ grant: 'device_code', clientId: 'native-app', clientAuth: 'none', issuer: as.issuer, scope: `openid ${API_SCOPE}` });
    const { final } = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(final.response.status).toBe(200);
    expect(bodyJson(final)).toMatchObject({ sub: USER.login });
    expect(h.prompts[0]).toMatch(new RegExp(`open ${as.issuer}/device and enter the code [A-Z]{4}-[A-Z]{4}`));
    const polls = h.sent.filter((r) => r.url === `${as.issuer}/token`).length;
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(h.logs.join('\n')).toContain('device authorization grant');
  });

  it('access_denied when the user aborts on the confirmation page', async () => {
    const h = harness();
    h.ctx.prompt = (message) => {
      const m = /open (\S+) and enter the code (\S+)/.exec(message);
      if (m) void browse(m[1]!, { user_code: m[2]!, abort: 'yes' }).catch(() => undefined);
    };
    const auth = oauth2({ grant: 'device_code', clientId: 'native-app', clientAuth: 'none', issuer: as.issuer, scope: 'openid' });
    const err = await scheme.apply(auth, apiRequest(`${api.url}/me`), h.ctx).catch((e: unknown) => e);
    expect(isKeyholeError(err) && err.code).toBe('auth-failed');
    expect((err as Error).message).toContain('access_denied');
    expect((err as Error).message).toContain('auth profile "Partner app"');
  });
});

describe('refresh token grant and invalid_token', () => {
  it('a refresh_token profile gets a token from a pasted refresh token; an invalidated token is refreshed once and the request retried', async () => {
    // Obtain a refresh token the way a user would: one device sign-in.
    const first = harness();
    first.ctx.prompt = (message) => {
      const m = /open (\S+) and enter the code (\S+)/.exec(message);
      if (m) void browse(m[1]!, { user_code: m[2]!, login: USER.login, password: USER.password }).catch(() => undefined);
    };
    const device = oauth2({ grant: 'device_code', clientId: 'native-app', clientAuth: 'none', issuer: as.issuer, scope: `openid ${API_SCOPE}` });
    await scheme.apply(device, apiRequest(`${api.url}/x`), first.ctx);
    const cached = [...(first.ctx.cache as unknown as { map: Map<string, { refreshToken?: string }> }).map.values()].find((v) => v.refreshToken);
    const refreshToken = cached!.refreshToken!;

    const h = harness({ profile: 'Refresher' });
    const auth = oauth2({ grant: 'refresh_token', clientId: 'native-app', clientAuth: 'none', tokenUrl: `${as.issuer}/token`, refreshToken });
    const ok = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(ok.final.response.status).toBe(200);

    // The server ends the access token; the API now says invalid_token.
    const token = /^Bearer (.+)$/.exec(sentAuthorization(ok.final)!)![1]!;
    await as.invalidate(token);

    const before = as.tokenRequests.length;
    const { first: refused, final } = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(refused.response.status).toBe(401);
    expect(final.response.status).toBe(200);
    expect(as.tokenRequests.slice(before)).toEqual(['refresh_token']);
    expect(sentAuthorization(final)).not.toBe(sentAuthorization(refused));
    const logText = h.logs.join('\n');
    expect(logText).toContain('401 invalid_token: getting a new access token and retrying once');
    expect(logText).not.toContain(token);
    expect(logText).not.toContain(refreshToken);
  });

  it('client credentials: invalid_token fetches a new token (there is no refresh token) and retries once', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc-basic', clientSecret: SECRETS.basic, tokenUrl: `${as.issuer}/token` });
    const ok = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    await as.invalidate(/^Bearer (.+)$/.exec(sentAuthorization(ok.final)!)![1]!);
    const before = as.tokenRequests.length;
    const { first: refused, final } = await run(scheme, auth, apiRequest(`${api.url}/me`), h.ctx);
    expect(refused.response.status).toBe(401);
    expect(final.response.status).toBe(200);
    expect(as.tokenRequests.slice(before)).toEqual(['client_credentials']);
  });

  it('gives up after one retry: a second invalid_token is not retried again', async () => {
    const h = harness();
    const auth = oauth2({ grant: 'client_credentials', clientId: 'svc-basic', clientSecret: SECRETS.basic, tokenUrl: `${as.issuer}/token`, resource: 'urn:keyhole:test-api' });
    const applied = await scheme.apply(auth, apiRequest(`${api.url}/me`), h.ctx);
    const refused = { response: { status: 401, headers: [['WWW-Authenticate', 'Bearer error="invalid_scope"']] } };
    expect(await scheme.retry!(auth, applied, refused as never, h.ctx, 1)).toBeNull();
  });
});
