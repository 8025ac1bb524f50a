import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { sessionFile } from '../../electron/engine/ui-state';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { Collection } from '../../shared/model';
import { ensureRendererBuilt, launch, leavePromptCount, RESULTS, type Launched } from './harness';
import { choose, valueOf } from './kit';

/**
 * #15: the desktop app never loses what a user typed. One test per section of the issue, each
 * acting as a user (click, type, drag, keys) in Chromium and checking the files on disk. Each of
 * them failed on the main branch before this change: §1 found no dialog (the app called
 * window.prompt), §2 wrote the old name back / a second copy, §3 closed dirty tabs without asking,
 * §4 came back with one empty tab, §6 changed the active environment from the dialog.
 */

let dir: string;
let ws: string;
let stateDir: string;
let api: Server;
let apiUrl: string;
/** Every request the local API received: method, path and headers. */
const seen: { method: string; url: string; headers: Record<string, string | string[] | undefined> }[] = [];
let bridge: Bridge;
let browser: Launched;
let page: Page;

async function seed(): Promise<void> {
  await rm(ws, { recursive: true, force: true });
  await saveCollection(join(ws, 'demo'), Collection.parse({
    name: 'Demo', variables: [{ key: 'base', value: apiUrl }],
    items: [
      { kind: 'request', name: 'Notes', method: 'GET', url: '{{base}}/notes', id: 'rnotes0001' },
      { kind: 'request', name: 'Get user', method: 'GET', url: '{{base}}/users/1', id: 'rgetuser01' },
      { kind: 'folder', name: 'Users', id: 'fusers0001', items: [{ kind: 'request', name: 'List users', url: '{{base}}/users', id: 'rlist00001' }] },
    ],
  }));
  await saveCollection(join(ws, 'other'), Collection.parse({
    name: 'Other', items: [{ kind: 'request', name: 'Ping', url: '{{base}}/ping', id: 'rping00001' }],
  }));
  await saveEnvironment(join(ws, 'other'), { name: 'Alpha', variables: [{ key: 'base', value: `${apiUrl}/alpha`, secret: false, enabled: true }], profiles: {} }, new MemorySecretStore());
  await saveEnvironment(join(ws, 'other'), { name: 'Beta', variables: [{ key: 'base', value: `${apiUrl}/beta`, secret: false, enabled: true }], profiles: {} }, new MemorySecretStore());
}

beforeAll(async () => {
  await ensureRendererBuilt();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-kept-'));
  ws = join(dir, 'ws');
  stateDir = join(dir, 'state');
  api = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, url: req.url }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  bridge = await startWeb({ workspaceRoot: join(dir, 'ws'), host: { stateDir } });
  browser = await launch();
  page = await browser.context.newPage();
  // A step that cannot happen fails on its own line, well inside the test's time.
  page.setDefaultTimeout(10_000);
}, 120_000);

beforeEach(async () => {
  await page.goto('about:blank');
  await seed();
  await rm(sessionFile({ stateDir, workspaceRoot: ws }), { force: true });
  seen.length = 0;
  await page.goto(bridge.url);
  await page.getByRole('combobox', { name: 'URL' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-kept-${name}.png`) });
const tree = () => page.getByRole('tree', { name: 'Collections' });
const row = (name: string) => tree().getByRole('treeitem', { name, exact: true });
const tab = (name: string | RegExp) => page.getByRole('tablist', { name: 'Open requests' }).getByRole('tab', { name });
const url = () => page.getByRole('combobox', { name: 'URL' });
/** The Save button of a tab with nothing unsaved (it reads "Save (unsaved changes)" otherwise). */
const saved = () => page.getByRole('button', { name: 'Save', exact: true });
const chooseCollection = (label: string) => choose(page.getByRole('combobox', { name: 'Collection' }), { label });

/** Every file under the workspace (relative path → text). */
async function files(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p); else out.set(relative(ws, p), await readFile(p, 'utf8'));
    }
  };
  await walk(ws);
  return out;
}
const filesNamed = async (name: string) => [...(await files())].filter(([, t]) => t.startsWith(`name: ${name}\n`)).map(([p]) => p);

/** Opens a request to keep (a double click; a single click only previews it, as in VS Code). */
async function openInTree(name: string): Promise<void> {
  await row(`GET ${name}`).getByText(name, { exact: true }).dblclick();
  await tab(new RegExp(`GET ${name}`)).and(page.locator('[aria-selected=true]')).waitFor();
}

describe('#15 the desktop app never loses what a user typed', () => {
  it('§1 asks in in-app dialogs: focus kept inside, the name validated as typed, Esc cancels, Enter confirms', async () => {
    await page.getByRole('button', { name: 'New collection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New collection' });
    await dialog.waitFor();
    const name = dialog.getByRole('textbox', { name: 'Collection name' });
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    await name.fill('demo');
    expect(await dialog.getByRole('alert').textContent()).toBe('There is already a collection named "demo".');
    await page.keyboard.press('Enter');
    expect(await dialog.isVisible()).toBe(true);
    await shot('dialog-invalid');
    // Tab and Shift+Tab stay inside the dialog.
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role=dialog]')))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await readdir(ws)).sort()).toEqual(['demo', 'other']);

    await page.getByRole('button', { name: 'New collection' }).click();
    await name.fill('Payments');
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => readFile(join(ws, 'Payments', 'collection.yaml'), 'utf8').catch(() => '')).toContain('name: Payments');
    expect((await readdir(ws)).sort()).toEqual(['Payments', 'demo', 'other']);
    await expect.poll(() => page.getByRole('combobox', { name: 'Collection' }).textContent()).toBe('Payments');

    // A folder, and an environment from inside the Environments dialog (a dialog over a dialog).
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('textbox', { name: 'Folder name' }).fill('Refunds');
    await page.keyboard.press('Enter');
    await expect.poll(() => readFile(join(ws, 'Payments', 'refunds', 'folder.yaml'), 'utf8').catch(() => '')).toContain('name: Refunds');
    await page.getByRole('button', { name: 'Environments' }).click();
    const envs = page.getByRole('dialog', { name: 'Environments and auth profiles' });
    await envs.getByRole('button', { name: 'New environment' }).click();
    const ask = page.getByRole('dialog', { name: 'New environment' });
    await ask.getByRole('textbox', { name: 'Environment name' }).fill('Sandbox');
    await shot('dialog-over-dialog');
    await ask.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => readFile(join(ws, 'Payments', 'environments', 'sandbox.yaml'), 'utf8').catch(() => '')).toContain('name: Sandbox');
    await page.keyboard.press('Escape');
    await envs.waitFor({ state: 'hidden' });
  });

  it('§2 binds a tab to its request: rename, move, delete and undo keep tab and file true', async () => {
    await openInTree('Notes');
    // Rename in the tree (F2), then edit and save in the tab: the new name stays, in one file.
    await row('GET Notes').click();
    await page.keyboard.press('F2');
    await tree().getByRole('textbox', { name: 'New name' }).fill('Release notes');
    await page.keyboard.press('Enter');
    await tab(/GET Release notes/).waitFor();
    await url().fill('{{base}}/notes?v=2');
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFile(join(ws, 'demo', 'notes.request.yaml'), 'utf8')).toContain('v=2');
    await saved().waitFor();
    expect(await readFile(join(ws, 'demo', 'notes.request.yaml'), 'utf8')).toMatch(/^name: Release notes\n/);
    expect(await filesNamed('Notes')).toEqual([]);
    expect(await row('GET Notes').count()).toBe(0);

    // Drag it into the folder, then edit and save: the moved request has the edit, no copy is left.
    await row('Users').click();
    await row('GET Release notes').dragTo(row('Users'));
    await expect.poll(() => filesNamed('Release notes')).toEqual([join('demo', 'users', 'release-notes.request.yaml')]);
    await url().fill('{{base}}/notes?v=3');
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFile(join(ws, 'demo', 'users', 'release-notes.request.yaml'), 'utf8')).toContain('v=3');
    await saved().waitFor();
    expect(await filesNamed('Release notes')).toEqual([join('demo', 'users', 'release-notes.request.yaml')]);
    await shot('moved');

    // Delete it from the tree: its tab closes; Undo brings the request and its tab back.
    await row('GET Release notes').hover();
    await row('GET Release notes').getByRole('button', { name: 'Delete Release notes' }).click();
    await expect.poll(() => tab(/Release notes/).count()).toBe(0);
    await expect.poll(() => filesNamed('Release notes')).toEqual([]);
    await page.getByRole('button', { name: 'Undo' }).click();
    await tab(/GET Release notes/).waitFor();
    await expect.poll(() => filesNamed('Release notes')).toEqual([join('demo', 'users', 'release-notes.request.yaml')]);

    // Delete with unsaved edits: the app asks; Discard closes the tab. "New request" is a new tab.
    await tab(/GET Release notes/).click();
    await url().fill('{{base}}/notes?v=unsaved');
    await row('GET Release notes').hover();
    await row('GET Release notes').getByRole('button', { name: 'Delete Release notes' }).click();
    const ask = page.getByRole('alertdialog', { name: '"Release notes" was deleted' });
    await ask.waitFor();
    await shot('deleted-unsaved');
    await ask.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => tab(/Release notes/).count()).toBe(0);
    await page.getByRole('button', { name: 'New request' }).click();
    await tab(/GET New request/).and(page.locator('[aria-selected=true]')).waitFor();
    expect(await url().inputValue()).toBe('');
  });

  it('§2 follows edits made outside the app (a git pull renaming and moving a request) when the window is back in focus', async () => {
    await openInTree('Get user');
    // As git would: the file moves into the folder, and its name changes in its text.
    const text = await readFile(join(ws, 'demo', 'get-user.request.yaml'), 'utf8');
    await writeFile(join(ws, 'demo', 'users', 'fetch-user.request.yaml'), text.replace('name: Get user', 'name: Fetch user').replace('/users/1', '/users/{{id}}'));
    await rm(join(ws, 'demo', 'get-user.request.yaml'));
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await tab(/GET Fetch user/).and(page.locator('[aria-selected=true]')).waitFor();
    expect(await url().inputValue()).toBe('{{base}}/users/{{id}}');
    expect(await tab(/Get user/).count()).toBe(0);
    // Still bound: an edit saves into the moved file, and no file comes back at the old place.
    await url().fill('{{base}}/users/{{id}}?v=local');
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFile(join(ws, 'demo', 'users', 'fetch-user.request.yaml'), 'utf8')).toContain('v=local');
    expect(await filesNamed('Get user')).toEqual([]);
    expect(await filesNamed('Fetch user')).toEqual([join('demo', 'users', 'fetch-user.request.yaml')]);
  });

  it('§2 a Runner row opens its request by id, after the request was renamed', async () => {
    await page.getByRole('button', { name: 'Runner' }).click();
    const view = page.getByRole('region', { name: 'Runner' });
    await view.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => view.getByRole('status', { name: 'Run progress' }).getAttribute('data-done')).toBe('true');
    await page.getByRole('button', { name: 'Runner' }).click();
    await row('GET Get user').click();
    await page.keyboard.press('F2');
    await tree().getByRole('textbox', { name: 'New name' }).fill('Fetch user');
    await page.keyboard.press('Enter');
    await row('GET Fetch user').waitFor();
    await page.getByRole('button', { name: 'Runner' }).click();
    await view.getByRole('button', { name: 'Open request Get user' }).click();
    await tab(/GET Fetch user/).and(page.locator('[aria-selected=true]')).waitFor();
    expect(await url().inputValue()).toBe('{{base}}/users/1');
  });

  it('§3 never drops unsaved work: close asks, a request with no place asks where, leaving asks', async () => {
    await page.getByRole('button', { name: 'New tab' }).click();
    await url().fill(`${apiUrl}/scratch`);
    await page.getByTitle(/^Close /).last().click();
    const ask = page.getByRole('alertdialog', { name: 'Save changes?' });
    await ask.waitFor();
    await shot('close-asks');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await url().inputValue()).toBe(`${apiUrl}/scratch`);

    // Save: the request has no place, so the Save request dialog asks for name and collection.
    await page.getByTitle(/^Close /).last().click();
    await ask.getByRole('button', { name: 'Save', exact: true }).click();
    const where = page.getByRole('dialog', { name: 'Save request' });
    await where.getByRole('textbox', { name: 'Request name' }).fill('Scratch');
    await choose(where.getByRole('combobox', { name: 'Collection' }), { label: 'New collection…' });
    await where.getByRole('textbox', { name: 'New collection name' }).fill('Demo');
    await page.keyboard.press('Enter');
    expect(await where.getByRole('alert').textContent()).toBe('There is already a collection named "Demo".');
    await where.getByRole('textbox', { name: 'New collection name' }).fill('Sketches');
    await shot('save-request');
    await page.keyboard.press('Enter');
    await expect.poll(() => readFile(join(ws, 'Sketches', 'scratch.request.yaml'), 'utf8').catch(() => '')).toContain('/scratch');
    await expect.poll(() => tab(/Scratch/).count()).toBe(0);

    // Don't save closes and writes nothing.
    await page.getByRole('button', { name: 'New tab' }).click();
    await url().fill(`${apiUrl}/throwaway`);
    await page.getByTitle(/^Close /).last().click();
    await ask.getByRole('button', { name: "Don't save" }).click();
    await ask.waitFor({ state: 'hidden' });
    expect([...(await files()).values()].some((t) => t.includes('throwaway'))).toBe(false);

    // The Environments dialog with an unsaved edit asks too.
    await chooseCollection('Other');
    await page.getByRole('button', { name: 'Environments' }).click();
    const envs = page.getByRole('dialog', { name: 'Environments and auth profiles' });
    await envs.getByRole('option', { name: 'Alpha' }).click();
    await envs.getByRole('textbox', { name: 'Variable value 1' }).fill('http://127.0.0.1:1/changed');
    await page.keyboard.press('Escape');
    const envAsk = page.getByRole('alertdialog', { name: 'Save environment changes?' });
    await envAsk.getByRole('button', { name: 'Cancel' }).click();
    expect(await envs.getByRole('textbox', { name: 'Variable value 1' }).inputValue()).toBe('http://127.0.0.1:1/changed');
    await envs.getByRole('button', { name: 'Close' }).click();
    await envAsk.getByRole('button', { name: "Don't save" }).click();
    await envs.waitFor({ state: 'hidden' });
    expect(await readFile(join(ws, 'other', 'environments', 'alpha.yaml'), 'utf8')).not.toContain('changed');

    // Leaving the page with an unsaved tab asks first.
    await page.getByRole('button', { name: 'New tab' }).click();
    await url().fill(`${apiUrl}/leaving`);
    const before = leavePromptCount(page);
    await page.reload();
    expect(leavePromptCount(page)).toBe(before + 1);
  });

  it('§3 with no collection yet: nothing is a silent no-op, and Save creates the collection', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'keyhole-empty-'));
    const other = await startWeb({ workspaceRoot: empty, host: { stateDir: join(empty, '.state') } });
    try {
      await page.goto('about:blank');
      await page.goto(other.url);
      await url().waitFor();
      const folder = page.getByRole('button', { name: 'New folder' });
      expect(await folder.isDisabled()).toBe(true);
      expect(await page.locator(`#${await folder.getAttribute('aria-describedby') ?? 'none'}`).textContent()).toContain('No collection yet');
      await url().fill(`${apiUrl}/first`);
      await page.keyboard.press('Control+s');
      const where = page.getByRole('dialog', { name: 'Save request' });
      expect(await valueOf(where.getByRole('combobox', { name: 'Collection' }))).not.toBe('');
      await where.getByRole('textbox', { name: 'New collection name' }).fill('First API');
      await where.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => readdir(empty)).toContain('First-API');
      await expect.poll(() => readFile(join(empty, 'First-API', 'first.request.yaml'), 'utf8').catch(() => '')).toContain('/first');
      expect(await folder.isDisabled()).toBe(false);
    } finally {
      await page.goto('about:blank');
      await other.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('§4 comes back after a restart: tabs in order, drafts, active tab, environment, folders, panes; secrets never in the file', async () => {
    await chooseCollection('Other');
    await choose(page.getByRole('combobox', { name: 'Environment' }), 'Beta');
    await chooseCollection('Demo');
    await openInTree('Notes');
    await row('Users').click();
    await row('GET List users').waitFor();
    await openInTree('Get user');
    await url().fill('{{base}}/users/2?draft=1');
    await page.getByRole('button', { name: 'New tab' }).click();
    await url().fill(`${apiUrl}/login`);
    await page.getByRole('tab', { name: 'Auth' }).click();
    await choose(page.getByRole('combobox', { name: 'Request auth type' }), 'basic');
    await page.getByRole('textbox', { name: 'Request auth Username' }).fill('ada');
    await page.getByLabel('Request auth Password').fill('hunter2-session-secret');
    // Resize the sidebar from the keyboard, as a user of the splitter would.
    const splitter = page.getByRole('separator', { name: 'Resize the sidebar' });
    const width = async () => (await page.getByRole('navigation', { name: 'Sidebar' }).boundingBox())?.width ?? 0;
    const narrow = await width();
    await splitter.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(width).toBeGreaterThan(narrow + 20);
    const wide = await width();
    await tab(/GET Get user/).click();

    const file = sessionFile({ stateDir, workspaceRoot: ws });
    await expect.poll(() => readFile(file, 'utf8').catch(() => '')).toContain('draft=1');
    await expect.poll(() => readFile(file, 'utf8')).toContain('"layout"');
    expect(await readFile(file, 'utf8')).not.toContain('hunter2-session-secret');
    await shot('before-restart');

    await page.goto('about:blank');
    await page.goto(bridge.url);
    await url().waitFor();
    const names = await page.getByRole('tablist', { name: 'Open requests' }).getByRole('tab').allTextContents();
    expect(names.map((n) => n.replace(/\s+/g, ' ').trim())).toEqual(['GET Notes', 'GET Get user •', 'GET /login •']);
    await tab(/GET Get user/).and(page.locator('[aria-selected=true]')).waitFor();
    expect(await url().inputValue()).toBe('{{base}}/users/2?draft=1');
    expect(await row('GET List users').count()).toBe(1);
    expect(Math.abs((await width()) - wide)).toBeLessThan(4);
    await chooseCollection('Other');
    expect(await valueOf(page.getByRole('combobox', { name: 'Environment' }))).toBe('Beta');
    // An unsaved tab is named from its URL until it is saved.
    await tab(/GET \/login/).click();
    await page.getByRole('tab', { name: 'Auth' }).click();
    expect(await page.getByLabel('Request auth Password').inputValue()).toBe('hunter2-session-secret');
    await shot('after-restart');

    // The file of a draft changed on disk meanwhile: the conflict dialog asks.
    await writeFile(join(ws, 'demo', 'get-user.request.yaml'), (await readFile(join(ws, 'demo', 'get-user.request.yaml'), 'utf8')).replace('/users/1', '/users/from-git'));
    await page.goto('about:blank');
    await page.goto(bridge.url);
    const conflict = page.getByRole('alertdialog', { name: 'Changed on disk' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('get-user.request.yaml');
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => url().inputValue()).toBe('{{base}}/users/from-git');

    // A restart that lost the secret store (browser mode keeps it in memory): the tab says so.
    await expect.poll(() => readFile(file, 'utf8')).not.toContain('draft=1');
    await page.goto('about:blank');
    await bridge.close();
    bridge = await startWeb({ workspaceRoot: ws, host: { stateDir } });
    await page.goto(bridge.url);
    await tab(/GET \/login/).click();
    expect(await page.getByRole('note').filter({ hasText: 'not kept' }).textContent()).toContain('auth.password');
    await page.getByRole('tab', { name: 'Auth' }).click();
    expect(await page.getByRole('textbox', { name: 'Request auth Username' }).inputValue()).toBe('ada');
    expect(await page.getByLabel('Request auth Password').inputValue()).toBe('');
  });

  it('§6 keeps collections and environments apart', async () => {
    await chooseCollection('Other');
    await choose(page.getByRole('combobox', { name: 'Environment' }), 'Alpha');
    // Picking an environment in the dialog to edit it does not make it the active one.
    await page.getByRole('button', { name: 'Environments' }).click();
    const envs = page.getByRole('dialog', { name: 'Environments and auth profiles' });
    await envs.getByRole('option', { name: 'Beta' }).click();
    await envs.getByRole('region', { name: 'Environment Beta' }).waitFor();
    await envs.getByRole('button', { name: 'Close' }).click();
    expect(await valueOf(page.getByRole('combobox', { name: 'Environment' }))).toBe('Alpha');

    // A tab of Other keeps sending with Other's variables after the sidebar moves to Demo and back.
    await openInTree('Ping');
    await chooseCollection('Demo');
    expect(await valueOf(page.getByRole('combobox', { name: 'Environment' }))).toBe('');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => seen.map((s) => s.url)).toEqual(['/alpha/ping']);
    // An import switches the sidebar to the new collection; the tab still sends as before.
    await page.getByRole('button', { name: 'Import' }).click();
    const imp = page.getByRole('dialog', { name: 'Import' });
    await imp.getByRole('textbox', { name: 'Import text' }).fill(`curl ${apiUrl}/imported`);
    await imp.getByRole('button', { name: 'Import pasted text' }).click();
    await expect.poll(() => imp.getByRole('status').textContent()).toContain('Imported');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => seen.map((s) => s.url)).toEqual(['/alpha/ping', '/alpha/ping']);

    // Each collection remembers its own environment.
    await chooseCollection('Other');
    expect(await valueOf(page.getByRole('combobox', { name: 'Environment' }))).toBe('Alpha');
    await choose(page.getByRole('combobox', { name: 'Environment' }), 'Beta');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => seen.map((s) => s.url)).toEqual(['/alpha/ping', '/alpha/ping', '/beta/ping']);
    await chooseCollection('Demo');
    await chooseCollection('Other');
    expect(await valueOf(page.getByRole('combobox', { name: 'Environment' }))).toBe('Beta');
    await shot('environments');
  });
});

