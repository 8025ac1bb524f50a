import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { ensureRendererBuilt, launch, RESULTS, type Launched } from './harness';

/**
 * #17 §9: the first minutes. An empty workspace offers the example workspace, a new collection
 * and an import; the example is copied into the workspace with the demo credentials in the app's
 * secret store (not as a file); the page loads with its icon and no request answered 404.
 */

let dir: string;
let ws: string;
let secrets: MemorySecretStore;
let bridge: Bridge;
let browser: Launched;
let page: Page;
const failed: string[] = [];

beforeAll(async () => {
  await ensureRendererBuilt();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-first-'));
  ws = join(dir, 'ws');
  secrets = new MemorySecretStore();
  bridge = await startWeb({ workspaceRoot: ws, host: { stateDir: join(dir, 'state'), secrets } });
  browser = await launch();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
  await page.goto(bridge.url);
  await page.getByRole('combobox', { name: 'URL' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-first-${name}.png`) });
const welcome = () => page.getByRole('region', { name: 'Welcome to Keyhole' });

describe('#17 §9 the first minutes', () => {
  it('loads with the app icon and without a single 404', async () => {
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).toMatch(/\.svg$/);
    const res = await page.request.get(new URL(icon ?? '', page.url()).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('image/svg+xml');
    expect(await res.text()).toContain('<svg');
    expect(failed).toEqual([]);
  });

  it('an empty workspace offers the example, a new collection and an import', async () => {
    await welcome().waitFor();
    await shot('welcome');
    // The top bar's Import and the sidebar's New collection keep names of their own.
    expect(await page.getByRole('button', { name: 'Import' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'New collection' }).count()).toBe(1);
    await welcome().getByRole('button', { name: 'Choose a file or paste' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import' });
    await importDialog.waitFor();
    await page.keyboard.press('Escape');
    await importDialog.waitFor({ state: 'hidden' });
    await welcome().getByRole('button', { name: 'Create an empty collection' }).click();
    const ask = page.getByRole('dialog', { name: 'New collection' });
    await ask.waitFor();
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden' });
    expect(await readdir(ws)).toEqual([]);
  });

  it('opens the example workspace: copied into the workspace, its secrets in the app\'s store, the welcome gone', async () => {
    await welcome().getByRole('button', { name: 'Open the example workspace' }).click();
    await welcome().waitFor({ state: 'hidden' });
    const tree = page.getByRole('tree', { name: 'Collections' });
    await tree.getByRole('treeitem', { name: 'GET Health', exact: true }).waitFor();
    expect(await tree.getByRole('treeitem', { name: /Refusals/ }).count()).toBeGreaterThan(0);
    expect(await readdir(ws)).toEqual(['demo-workspace']);
    const copied = join(ws, 'demo-workspace');
    expect(await readFile(join(copied, 'collection.yaml'), 'utf8')).toContain('name: Keyhole demo');
    // The demo credentials go to the secret store, never into the workspace as a file.
    expect(existsSync(join(copied, 'demo-secrets.env'))).toBe(false);
    expect(await secrets.get('Staging', 'Admin.password')).toBe('demo-password');
    expect(await secrets.get('Production', 'Admin.clientSecret')).toBe('demo-client-secret');
    expect(await secrets.get('Staging', 'apiKey')).toBe('demo-api-key-0123456789');
    await shot('example');
    expect(failed).toEqual([]);
  });
});
