import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { ensureRendererBuilt, launch, RESULTS, type Launched } from './harness';

/**
 * #17 §8: the inspector's actions fit the request. "Refresh token now" only where Keyhole can get
 * a new token (OAuth 2.0 client credentials here), and it does: the token endpoint is asked
 * again and the request passes. A static bearer token gets "Edit the token" and a profile to
 * switch to instead, and its fix says where the token is set. The column folds when empty.
 */

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (exp: number, sub: string): string => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp })}.c2ln`;
const EXPIRED = jwt(Math.floor(Date.now() / 1000) - 3600, 'static-user');

let dir: string;
let api: Server;
let apiUrl: string;
let bridge: Bridge;
let browser: Launched;
let page: Page;
/** Tokens the token endpoint issued; while `revoking`, the API refuses each as expired (as after a server-side revocation). */
const issued: string[] = [];
const revoked = new Set<string>();
let revoking = true;

beforeAll(async () => {
  await ensureRendererBuilt();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-inspector-'));
  api = createServer((req, res) => {
    if (req.url === '/token' && req.method === 'POST') {
      const token = jwt(Math.floor(Date.now() / 1000) + 3600, `svc-${issued.length + 1}`);
      issued.push(token);
      if (revoking) revoked.add(token);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const exp = token ? (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number }).exp : 0;
    if (!token || exp * 1000 < Date.now() || revoked.has(token)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': token ? 'Bearer error="invalid_token", error_description="The access token expired"' : 'Bearer realm="api"' });
      res.end('{"error":"invalid_token"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const secrets = new MemorySecretStore();
  const ws = join(dir, 'ws');
  await saveCollection(join(ws, 'auth'), Collection.parse({
    name: 'Auth', variables: [{ key: 'base', value: apiUrl }], profiles: [{ name: 'Service' }],
    items: [
      { kind: 'request', name: 'Static', method: 'GET', url: '{{base}}/me', id: 'rstatic001', auth: { type: 'bearer', token: EXPIRED } },
      { kind: 'request', name: 'Service call', method: 'GET', url: '{{base}}/me', id: 'rservice01', auth: { type: 'profile', profile: 'Service' } },
    ],
  }));
  await saveEnvironment(join(ws, 'auth'), {
    name: 'dev', variables: [], profiles: { Service: { type: 'oauth2', grant: 'client_credentials', tokenUrl: `${apiUrl}/token`, clientId: 'app', clientSecret: 'app-secret', clientAuth: 'client_secret_basic', usePkce: true, tokenPrefix: 'Bearer' } },
  }, secrets);
  bridge = await startWeb({ workspaceRoot: ws, host: { stateDir: join(dir, 'state'), secrets } });
  browser = await launch();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(bridge.url);
  await page.getByRole('combobox', { name: 'URL' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-inspector-${name}.png`) });
const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const explanation = () => inspector().getByRole('region', { name: 'Explanation' });
const card = () => explanation().locator('article[data-finding="token-expired"]');
/** The width of the inspector's panel (App's Panel id "inspector"), 0 when folded. */
const inspectorWidth = async (): Promise<number> => (await page.locator('[data-panel][id="inspector"]').boundingBox())?.width ?? 0;
const status = () => page.getByRole('status', { name: 'Response status' });

async function open(name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Collections' }).getByRole('treeitem', { name: `GET ${name}`, exact: true }).getByText(name, { exact: true }).click();
  await page.getByRole('tablist', { name: 'Open requests' }).getByRole('tab', { name: new RegExp(`GET ${name}`) }).and(page.locator('[aria-selected=true]')).waitFor();
}

describe('#17 §8 the inspector\'s actions fit the request', () => {
  it('folds the inspector while there is nothing to show, and opens it for a token or a refusal', async () => {
    // A blank tab: no response, no token.
    await expect.poll(inspectorWidth, { timeout: 15_000 }).toBeLessThan(1);
    await shot('folded');
    await open('Static');
    // Its bearer token is a JWT the decoder can show.
    await expect.poll(inspectorWidth, { timeout: 15_000 }).toBeGreaterThan(150);
  });

  it('a static bearer token: no refresh, but edit the token or switch profile, with the fix naming where it is set', async () => {
    await open('Static');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => card().count(), { timeout: 15_000 }).toBe(1);
    expect(await explanation().getByLabel('Auth sent').textContent()).toBe('Sent with a bearer token set inline on this request.');
    expect(await card().getByRole('button', { name: 'Refresh token now' }).count()).toBe(0);
    expect(await card().getByRole('button', { name: 'Edit the token' }).isVisible()).toBe(true);
    expect(await card().getByRole('button', { name: 'Switch to profile Service' }).isVisible()).toBe(true);
    expect(await card().locator('li').allTextContents()).toContain(
      "The token is static, from a bearer token set inline on this request: Keyhole cannot refresh it. Replace the token in this request's Auth tab, or switch to a profile that gets its own tokens (OAuth 2.0)");
    await shot('static-token');
    await card().getByRole('button', { name: 'Edit the token' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Auth', exact: true }).getAttribute('aria-selected'), { timeout: 15_000 }).toBe('true');
  });

  it('OAuth 2.0 client credentials: "Refresh token now" gets a new token from the token endpoint and the request passes', async () => {
    await open('Service call');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => card().count(), { timeout: 15_000 }).toBe(1);
    const before = issued.length;
    expect(before).toBeGreaterThan(0);
    expect(await explanation().getByLabel('Auth sent').textContent()).toBe('Sent with profile Service (OAuth 2.0 in dev), chosen on this request.');
    expect(await card().getByRole('button', { name: 'Edit the token' }).count()).toBe(0);
    await shot('refreshable');
    revoking = false;
    await card().getByRole('button', { name: 'Refresh token now' }).click();
    await expect.poll(() => status().textContent(), { timeout: 15_000 }).toContain('200');
    expect(issued).toHaveLength(before + 1);
    // Nothing left to explain, and the new token is not in the request's own auth: the column folds again.
    await expect.poll(inspectorWidth, { timeout: 15_000 }).toBeLessThan(1);
  });
});
