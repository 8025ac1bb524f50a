import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { createHandlers } from '../../electron/engine/api';
import { desktopHost } from '../../electron/main/desktop-host';
import { isKeyholeError } from '../../shared/errors';
import { apiOver, inProcessInvoke, type Api } from '../../shared/ipc';
import { testClients, SECRETS } from '../engine/auth/oauth2/harness';
import { browse } from '../servers/oauth-browser';
import { startOAuthApi, type OAuthApi } from '../servers/oauth-api';
import { API_SCOPE, startOAuthServer, USER, type OAuthServer } from '../servers/oauth-server';

/**
 * The desktop app's OAuth 2.0 authorization code flow, everything but Electron's own shell call:
 * the main process's host module (desktopHost) gets the test's opener where the app passes
 * shell.openExternal, and the test plays the system browser and the user signing in.
 */
let as: OAuthServer;
let resource: OAuthApi;
let dir: string;
let api: Api;
let close: () => Promise<void>;
const opened: string[] = [];
const browsed: { url: string; status: number }[] = [];

beforeAll(async () => {
  as = await startOAuthServer({ clients: testClients(), accessTokenTtl: 60 });
  resource = await startOAuthApi({ issuer: as.issuer, clientId: 'resource-server', clientSecret: SECRETS.resourceServer });
  dir = await mkdtemp(join(tmpdir(), 'keyhole-desktop-oauth-'));
  const h = createHandlers(desktopHost({
    version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
    // Where electron/main passes shell.openExternal: like it, this returns once the browser is asked.
    openExternal: async (url) => {
      opened.push(url);
      const redirect = new URL(url).searchParams.get('redirect_uri') ?? undefined;
      void browse(url, { login: USER.login, password: USER.password }, redirect ? { stopAt: redirect } : {})
        .then((r) => browsed.push({ url: r.url, status: r.status }), () => undefined);
    },
  }));
  api = apiOver(inProcessInvoke(h.handlers));
  close = h.close;
});

afterAll(async () => {
  await close?.();
  await resource?.close();
  await as?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('OAuth 2.0 authorization code from the desktop app (system browser + loopback redirect)', () => {
  it('opens the authorization URL through the injected opener, and the token the browser brings back reaches the API', async () => {
    const sent = await api['request.send']({
      sendId: 'oauth-1',
      request: {
        name: 'Me', url: `${resource.url}/me`, settings: { proxy: { mode: 'none' } },
        auth: { type: 'oauth2', grant: 'authorization_code', clientId: 'native-app', clientAuth: 'none', issuer: as.issuer, scope: `openid ${API_SCOPE}` },
      },
    });
    expect(sent.exchange.response.status).toBe(200);
    const body = JSON.parse(Buffer.from(sent.exchange.response.body.storage === 'inline' ? sent.exchange.response.body.base64 : '', 'base64').toString('utf8')) as Record<string, unknown>;
    expect(body).toMatchObject({ sub: USER.login, client_id: 'native-app' });
    // The opener got the provider's authorization URL: PKCE S256, state, a loopback redirect.
    expect(opened).toHaveLength(1);
    const auth = new URL(opened[0] ?? '');
    expect(auth.origin).toBe(new URL(as.issuer).origin);
    expect(auth.searchParams.get('response_type')).toBe('code');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    // The browser landed on the engine's loopback listener, which answered it.
    expect(browsed[0]?.url.startsWith(auth.searchParams.get('redirect_uri') ?? '-')).toBe(true);
    expect(browsed[0]?.status).toBe(200);
    // The token never reaches the renderer: the exchange it sees has the Authorization masked.
    const sentAuth = sent.exchange.request.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
    expect(sentAuth).toMatch(/^Bearer /);
    expect(sentAuth.length).toBeLessThan(40);

    // The next send uses the cached token: no second trip through the browser.
    const again = await api['request.send']({ sendId: 'oauth-2', request: { name: 'Me', url: `${resource.url}/me`, settings: { proxy: { mode: 'none' } }, auth: { type: 'oauth2', grant: 'authorization_code', clientId: 'native-app', clientAuth: 'none', issuer: as.issuer, scope: `openid ${API_SCOPE}` } } });
    expect(again.exchange.response.status).toBe(200);
    expect(opened).toHaveLength(1);
  });

  it('app.openExternal goes through the same opener; what is not an http(s) link never reaches it', async () => {
    const before = opened.length;
    expect(await api['app.openExternal']({ url: `${as.issuer}/.well-known/openid-configuration` })).toEqual({ ok: true });
    expect(opened.slice(before)).toEqual([`${as.issuer}/.well-known/openid-configuration`]);
    const host = desktopHost({
      version: 't', platform: 'linux', workspaceRoot: dir, secrets: new MemorySecretStore(), secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
      openExternal: async (url) => { opened.push(url); },
    });
    const err = await host.openExternal?.('https://user:pw@127.0.0.1/').catch((e: unknown) => e);
    expect(isKeyholeError(err) && err.code).toBe('invalid-input');
    expect(opened.slice(before)).toHaveLength(1);
  });
});
