import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { sessionFile } from '../../electron/engine/ui-state';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { ensureRendererBuilt, launch, RESULTS, type Launched } from './harness';
import { valueOf } from './kit';

/**
 * #17 §1 and §2, acted out: the command palette and the shortcuts of the one command table, the
 * tab strip (no wrapping, active tab in view, middle-click, reopen), preview tabs, the tree's
 * context menu from the mouse and from Shift+F10, and collections renamed and deleted from the UI.
 * On the main branch before this change none of these existed (no palette, tabs wrapped onto
 * three lines, the tree had only Rename/Copy/Delete words).
 */
let dir: string;
let ws: string;
let stateDir: string;
let api: Server;
let apiUrl: string;
let bridge: Bridge;
let browser: Launched;
let page: Page;

beforeAll(async () => {
  await ensureRendererBuilt();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-ui-'));
  ws = join(dir, 'ws');
  stateDir = join(dir, 'state');
  api = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  bridge = await startWeb({ workspaceRoot: ws, host: { stateDir } });
  browser = await launch();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
}, 120_000);

beforeEach(async () => {
  await page.goto('about:blank');
  await rm(ws, { recursive: true, force: true });
  await saveCollection(join(ws, 'shop'), Collection.parse({
    name: 'Shop', variables: [{ key: 'base', value: apiUrl }],
    items: [
      { kind: 'request', name: 'List orders', url: '{{base}}/orders', id: 'rorders001' },
      { kind: 'request', name: 'Health', url: '{{base}}/health', id: 'rhealth001' },
      { kind: 'folder', name: 'Users', id: 'fusers0001', items: [{ kind: 'request', name: 'List users', url: '{{base}}/users', id: 'rusers0001' }] },
    ],
  }));
  await saveEnvironment(join(ws, 'shop'), { name: 'Alpha', variables: [], profiles: {} }, new MemorySecretStore());
  await saveEnvironment(join(ws, 'shop'), { name: 'Beta', variables: [], profiles: {} }, new MemorySecretStore());
  await rm(sessionFile({ stateDir, workspaceRoot: ws }), { force: true });
  await page.goto(bridge.url);
  await page.getByRole('combobox', { name: 'URL' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-workbench-${name}.png`) });
const strip = () => page.getByRole('tablist', { name: 'Open requests' });
const tab = (name: string | RegExp) => strip().getByRole('tab', { name });
const row = (name: string) => page.getByRole('tree', { name: 'Collections' }).getByRole('treeitem', { name, exact: true });
const url = () => page.getByRole('combobox', { name: 'URL' });

describe('#17 the workbench', () => {
  it('§2 a command palette for actions, requests and environments, and the shortcuts of one table', async () => {
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.type('list users');
    await shot('palette');
    await page.keyboard.press('Enter');
    await tab(/GET List users/).and(page.locator('[aria-selected=true]')).waitFor();
    expect(await url().inputValue()).toBe('{{base}}/users');

    // Ctrl+P: requests only; Ctrl+E: environments of the collection.
    await page.keyboard.press('Control+p');
    await page.getByRole('dialog', { name: 'Go to request' }).waitFor();
    await page.keyboard.type('health');
    await page.keyboard.press('Enter');
    await tab(/GET Health/).and(page.locator('[aria-selected=true]')).waitFor();
    await page.keyboard.press('Control+e');
    await page.getByRole('dialog', { name: 'Switch environment' }).waitFor();
    await page.keyboard.type('beta');
    await page.keyboard.press('Enter');
    expect(await valueOf(page.getByRole('combobox', { name: 'Environment' }))).toBe('Beta');

    // An action by name, listed with its shortcut.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('keyboard shortcuts');
    await page.keyboard.press('Enter');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(await sheet.getByRole('row', { name: /Save request/ }).textContent()).toContain('Ctrl+S');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });

    // Ctrl+L puts the caret in the URL bar, ready to type over it; Ctrl+\ hides and shows the sidebar.
    await page.getByRole('tab', { name: 'Headers' }).click();
    await page.keyboard.press('Control+l');
    await page.keyboard.type(`${apiUrl}/typed`);
    expect(await url().inputValue()).toBe(`${apiUrl}/typed`);
    const sidebarWidth = async () => (await page.locator('[data-panel]#sidebar').boundingBox())?.width ?? 0;
    expect(await sidebarWidth()).toBeGreaterThan(100);
    await page.getByRole('tab', { name: 'Headers' }).click();
    await page.keyboard.press('Control+\\');
    await expect.poll(sidebarWidth).toBeLessThan(5);
    await page.keyboard.press('Control+\\');
    await expect.poll(sidebarWidth).toBeGreaterThan(100);
  });

  it('§1 the tab strip stays one line with the active tab in view; middle-click closes, Ctrl+Shift+T reopens', async () => {
    for (let i = 0; i < 14; i++) {
      await page.getByRole('button', { name: 'New tab' }).click();
      await url().fill(`${apiUrl}/a-rather-long-path-name-for-tab-${i}`);
    }
    const box = await strip().boundingBox();
    expect(box?.height ?? 0).toBeLessThan(40);
    const active = tab(/tab-13/);
    const a = await active.boundingBox();
    expect((a?.x ?? 0) + (a?.width ?? 0)).toBeLessThanOrEqual((box?.x ?? 0) + (box?.width ?? 0) + 1);
    await shot('tab-strip');
    // The first tab is out of view now; click it through the list of open tabs.
    await page.getByRole('button', { name: 'All open tabs' }).click();
    await page.keyboard.type('tab-0');
    await page.keyboard.press('Enter');
    await tab(/tab-0\b/).and(page.locator('[aria-selected=true]')).waitFor();
    const first = await tab(/tab-0\b/).boundingBox();
    expect(first?.x ?? -1).toBeGreaterThanOrEqual((box?.x ?? 0) - 1);

    // Middle-click on a tab with edits asks first; Don't save closes it; Ctrl+Shift+T brings it back.
    await tab(/tab-5\b/).click({ button: 'middle' });
    await page.getByRole('alertdialog', { name: 'Save changes?' }).getByRole('button', { name: "Don't save" }).click();
    await expect.poll(() => tab(/tab-5\b/).count()).toBe(0);
    await page.keyboard.press('Control+Shift+t');
    await tab(/tab-5\b/).and(page.locator('[aria-selected=true]')).waitFor();
    expect(await url().inputValue()).toBe(`${apiUrl}/a-rather-long-path-name-for-tab-5`);
  });

  it('§1 a single click previews, a second click keeps; the tree menu opens by right click and by Shift+F10', async () => {
    await row('GET List orders').click();
    await tab(/GET List orders/).waitFor();
    expect(await page.locator('.tab-wrap.preview-tab').count()).toBe(1);
    await row('GET Health').click();
    await tab(/GET Health/).waitFor();
    expect(await tab(/GET List orders/).count()).toBe(0);
    await row('GET Health').dblclick();
    expect(await page.locator('.tab-wrap.preview-tab').count()).toBe(0);
    await row('GET List orders').click();
    expect(await strip().getByRole('tab').allTextContents()).toEqual(['GET Health', 'GET List orders']);
    expect((await strip().boundingBox())?.height ?? 0).toBeLessThan(40);

    // Right click on the folder: a request made inside it, saved in its folder on disk.
    await row('Users').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Users actions' });
    await menu.waitFor();
    await shot('context-menu');
    await menu.getByRole('menuitem', { name: 'New request in this folder' }).click();
    await expect.poll(async () => (await readdir(join(ws, 'shop', 'users'))).sort()).toEqual(['folder.yaml', 'list-users.request.yaml', 'new-request.request.yaml']);

    // From the keyboard: Shift+F10 on the focused row opens its menu; Rename from it.
    await row('GET Health').click();
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menu', { name: 'Health actions' }).getByRole('menuitem', { name: /Rename/ }).click();
    await page.getByRole('textbox', { name: 'New name' }).fill('Ping');
    await page.keyboard.press('Enter');
    await expect.poll(() => readFile(join(ws, 'shop', 'health.request.yaml'), 'utf8')).toMatch(/^name: Ping\n/);
    await tab(/GET Ping/).waitFor();

    // Run a folder from its menu: the Runner shows its rows.
    await row('Users').click({ button: 'right' });
    await page.getByRole('menu', { name: 'Users actions' }).getByRole('menuitem', { name: 'Run folder' }).click();
    const runner = page.getByRole('region', { name: 'Runner' });
    await expect.poll(() => runner.getByRole('status', { name: 'Run progress' }).getAttribute('data-done')).toBe('true');
    expect(await runner.getByRole('table', { name: 'Run results' }).locator('tbody tr').count()).toBe(2);
  });

  it('§1 collections are renamed and deleted from the sidebar', async () => {
    await page.getByRole('button', { name: 'Rename collection' }).click();
    const ask = page.getByRole('dialog', { name: 'Rename collection' });
    await ask.getByRole('textbox', { name: 'Collection name' }).fill('Storefront');
    await page.keyboard.press('Enter');
    await expect.poll(() => readFile(join(ws, 'shop', 'collection.yaml'), 'utf8')).toContain('name: Storefront');
    await expect.poll(() => page.getByRole('combobox', { name: 'Collection' }).textContent()).toBe('Storefront');

    await page.getByRole('button', { name: 'Delete collection' }).click();
    const sure = page.getByRole('alertdialog', { name: 'Delete "Storefront"?' });
    await sure.getByRole('button', { name: 'Cancel' }).click();
    expect(await readdir(ws)).toContain('shop');
    await page.getByRole('button', { name: 'Delete collection' }).click();
    await sure.getByRole('button', { name: 'Delete collection' }).click();
    await expect.poll(async () => (await readdir(ws)).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect((await readdir(join(ws, '.keyhole-trash')))[0]).toMatch(/^shop-\d+$/);
    await page.getByText('No collection yet').first().waitFor();
  });
});
