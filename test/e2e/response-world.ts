import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { ensureRendererBuilt, launch, RESULTS, type Launched } from './harness';

/**
 * The world of #17 §5/§6's e2e tests: a real local API on 127.0.0.1 (JSON, XML, a 401, a
 * redirect, cookies, large JSON bodies), a workspace with one collection and its environment
 * holding a secret token, the app served by the bridge and driven in Chromium.
 */
export const TOKEN = 'sekret-token-0123456789abcdef';
export interface World { page: Page; apiUrl: string; seen: { url: string; headers: IncomingHttpHeaders }[]; bigBytes: Map<string, number> }

/** JSON of about `mb` megabytes: an array of records, as a large API listing is. */
function bigJson(mb: number): Buffer {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const r = JSON.stringify({ id: i, name: `item-${i}`, tags: ['alpha', 'beta'], price: i * 1.5, note: 'x'.repeat(40) });
    rows.push(r);
    size += r.length + 1;
  }
  return Buffer.from(`{"items":[${rows.join(',')}],"last":"needle-at-the-end"}`);
}

export function responseWorld(prefix: string): World {
  const world = { seen: [], bigBytes: new Map() } as unknown as World;
  let dir: string;
  let api: Server;
  let bridge: Bridge;
  let browser: Launched;
  const big = new Map<string, Buffer>();

  beforeAll(async () => {
    await ensureRendererBuilt();
    dir = await mkdtemp(join(tmpdir(), `keyhole-${prefix}-`));
    api = createServer((req, res) => {
      world.seen.push({ url: req.url ?? '', headers: req.headers });
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ headers: req.headers }));
      } else if (url.pathname === '/items') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ items: [{ id: 1, name: 'alpha', tags: ['red'] }, { id: 2, name: 'beta', tags: ['blue'] }, { id: 3, name: 'gamma', tags: [] }], total: 3 }));
      } else if (url.pathname === '/feed') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0"?><feed><entry id="e1"><title>First</title></entry><entry id="e2"><title>Second</title></entry></feed>');
      } else if (url.pathname === '/refused') {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="shop", error="invalid_token"' });
        res.end('{"error":"invalid_token"}');
      } else if (url.pathname === '/hop') {
        res.writeHead(302, { location: '/echo?after=hop' });
        res.end();
      } else if (url.pathname === '/login') {
        res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': ['sid=session-cookie-value-42; Path=/; HttpOnly', 'theme=dark; Path=/'] });
        res.end('logged in');
      } else if (url.pathname === '/wide') {
        // Nodes with 100,000 children, an array and an object: the tree pages through them.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          array: Array.from({ length: 100_000 }, (_, i) => ({ id: i })),
          object: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key-${i}`, i])),
        }));
      } else if (url.pathname.startsWith('/big/')) {
        const mb = url.pathname.slice(5);
        let body = big.get(mb);
        if (!body) { body = bigJson(Number(mb)); big.set(mb, body); world.bigBytes.set(mb, body.length); }
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    world.apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const secrets = new MemorySecretStore();
    const ws = join(dir, 'ws');
    const bearer = { type: 'bearer', token: '{{token}}' };
    await saveCollection(join(ws, 'shop'), Collection.parse({
      name: 'Shop', id: 'cshop00001',
      items: [
        { kind: 'request', name: 'Who am I', url: '{{base}}/echo', auth: bearer, id: 'rwho000001' },
        { kind: 'request', name: 'Items', url: '{{base}}/items', id: 'ritems0001' },
        { kind: 'request', name: 'Feed', url: '{{base}}/feed', id: 'rfeed00001' },
        { kind: 'request', name: 'Refused', url: '{{base}}/refused', auth: bearer, id: 'rrefused01' },
        { kind: 'request', name: 'Hop', url: '{{base}}/hop', auth: bearer, id: 'rhop000001' },
        { kind: 'request', name: 'Login', url: '{{base}}/login', id: 'rlogin0001' },
        { kind: 'request', name: 'Big 4.4', url: '{{base}}/big/4.4', id: 'rbig440001' },
        { kind: 'request', name: 'Big 50', url: '{{base}}/big/50', id: 'rbig500001' },
      ],
    }));
    await saveEnvironment(join(ws, 'shop'), {
      name: 'Local', profiles: {},
      variables: [{ key: 'base', value: world.apiUrl, secret: false, enabled: true }, { key: 'token', value: TOKEN, secret: true, enabled: true }],
    }, secrets);
    bridge = await startWeb({ workspaceRoot: ws, host: { stateDir: join(dir, 'state'), secrets } });
    browser = await launch();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(bridge.url).origin });
    world.page = await browser.context.newPage();
    world.page.setDefaultTimeout(15_000);
  }, 180_000);

  beforeEach(async () => {
    world.seen.length = 0;
    await world.page.goto(bridge.url);
    await world.page.getByRole('combobox', { name: 'URL' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return world;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(RESULTS, `e2e-response-${name}.png`) });

/** Opens a request of the Shop collection from the tree and sends it; resolves once its status shows. */
export async function openAndSend(page: Page, name: string, status: string): Promise<void> {
  await page.getByRole('treeitem', { name: `GET ${name}` }).getByText(name, { exact: true }).click();
  await page.getByRole('tab', { name: new RegExp(`GET ${name.replace('.', '\\.')}`), selected: true }).waitFor();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => page.getByRole('status', { name: 'Response status' }).textContent(), { timeout: 60_000 }).toContain(status);
}

export const responsePanel = (page: Page) => page.getByRole('region', { name: 'Response' });
export const responseTab = (page: Page, name: string) => responsePanel(page).getByRole('tab', { name, exact: true }).click();
