import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { DEMO_API_KEY, DEMO_USER, startDemoServer, type DemoServer } from '../../electron/engine/demo';
import { saveCollection } from '../../electron/engine/workspace';
import { sessionFile } from '../../electron/engine/ui-state';
import { Collection } from '../../shared/model';
import { ensureRendererBuilt, launch, RESULTS, type Launched } from './harness';
import { choose, pickFile, valueOf } from './kit';

let dir: string;
let demo: DemoServer;
let big: Server;
let bigUrl: string;
let bridge: Bridge;
let browser: Launched;
let page: Page;

/** A 50 MB JSON document, made once: an array of records. */
function bigJson(): Buffer {
  const record = JSON.stringify({ id: 0, name: 'record', tags: ['a', 'b', 'c'], payload: 'x'.repeat(200) });
  const n = Math.ceil((50 * 1024 * 1024) / (record.length + 1));
  return Buffer.from(`[${new Array(n).fill(record).join(',')}]`);
}

beforeAll(async () => {
  await ensureRendererBuilt();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-'));
  demo = await startDemoServer({ port: 0 });
  const body = bigJson();
  big = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
  await new Promise<void>((r) => big.listen(0, '127.0.0.1', () => r()));
  bigUrl = `http://127.0.0.1:${(big.address() as AddressInfo).port}/big.json`;
  await saveCollection(join(dir, 'ws', 'demo'), Collection.parse({
    name: 'Demo', variables: [{ key: 'base', value: demo.url }],
    items: [
      { kind: 'request', name: 'Protected', method: 'GET', url: '{{base}}{{path}}', auth: { type: 'profile', profile: 'Main' } },
      { kind: 'request', name: 'Notes', method: 'GET', url: '{{base}}/echo?v=original' },
      { kind: 'folder', name: 'Checks', items: [
        { kind: 'request', name: 'Health', method: 'GET', url: '{{base}}/health', scripts: { test: "pm.test('says ok', () => pm.expect(pm.response.json().ok).to.equal(true));" } },
        { kind: 'request', name: 'Me', method: 'GET', url: '{{base}}/bearer/me' },
      ] },
    ],
  }));
  bridge = await startWeb({ workspaceRoot: join(dir, 'ws'), host: { stateDir: join(dir, 'state') } });
  browser = await launch();
  page = await browser.context.newPage();
}, 120_000);

// Each test starts from a freshly loaded page: no tab, dialog or half-typed field of an earlier
// test (passed or failed) can stand between it and what it clicks. The workspace on disk carries over.
beforeEach(async () => {
  // By way of about:blank: the app drops the token fragment from its URL, so going to bridge.url
  // straight from the app would be a same-document fragment change, not a load. The last test's
  // session (tabs, drafts) is removed in between: each test starts with one empty tab.
  await page.goto('about:blank');
  await rm(sessionFile({ stateDir: join(dir, 'state'), workspaceRoot: join(dir, 'ws') }), { force: true });
  await page.goto(bridge.url);
  await page.getByRole('combobox', { name: 'URL' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await demo?.close();
  await new Promise<void>((r) => (big ? big.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-${name}.png`) });
const status = () => page.getByRole('status', { name: 'Response status' });

/** Sends the active tab and returns the status line of this send (not one already on screen), or its error. */
async function sendAndWait(): Promise<string> {
  const before = await status().getAttribute('data-exchange', { timeout: 100 }).catch(() => null);
  await page.getByRole('button', { name: 'Send' }).click();
  const failed = page.getByRole('region', { name: 'Response' }).getByRole('alert');
  // The first send with a script also starts the QuickJS engine: allow for it.
  await expect.poll(async () => (await failed.count()) > 0 || ((await status().count()) > 0 && (await status().getAttribute('data-exchange')) !== before), { timeout: 20_000 }).toBe(true);
  return (await failed.count()) > 0 ? `error: ${await failed.textContent()}` : (await status().textContent()) ?? '';
}

async function sendUrl(url: string, method = 'GET'): Promise<void> {
  await page.getByRole('button', { name: 'New tab' }).click();
  await choose(page.getByRole('combobox', { name: 'Method' }), method);
  await page.getByRole('combobox', { name: 'URL' }).fill(url);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('Keyhole in the browser (bridge + built renderer + Chromium)', () => {
  it('composes and sends a request, with the query parameters synced from the URL', async () => {
    await sendUrl(`${demo.url}/echo?greeting=hello`, 'POST');
    await expect.poll(() => status().textContent()).toContain('200');
    await page.getByRole('tab', { name: 'Params' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Query parameters value 1' }).inputValue()).toBe('hello');
    await page.getByRole('textbox', { name: 'Query parameters value 1' }).fill('world');
    expect(await page.getByRole('combobox', { name: 'URL' }).inputValue()).toBe(`${demo.url}/echo?greeting=world`);
    await shot('send');
  });

  it('explains a 401 with the expected finding and a fix action', async () => {
    await sendUrl(`${demo.url}/bearer/me`);
    await expect.poll(() => status().textContent()).toContain('401');
    const explanation = page.getByRole('region', { name: 'Explanation' });
    await expect.poll(() => explanation.locator('article').first().getAttribute('data-finding')).toBe('no-credentials');
    expect(await explanation.getByRole('button', { name: 'Open auth settings' }).first().isVisible()).toBe(true);
    await shot('explain-401');
  });

  it('binds one auth profile differently in two environments and passes with each', async () => {
    await choose(page.getByRole('combobox', { name: 'Collection' }), { label: 'Demo' });
    await page.getByRole('button', { name: 'Environments' }).click();
    const dialog = page.getByRole('dialog', { name: 'Environments and auth profiles' });
    await dialog.getByRole('textbox', { name: 'New profile name' }).fill('Main');
    await dialog.getByRole('button', { name: 'Add profile' }).click();
    await dialog.getByText('Main', { exact: true }).first().waitFor();

    const makeEnv = async (name: string, path: string, bind: () => Promise<void>): Promise<void> => {
      await dialog.getByRole('button', { name: 'New environment' }).click();
      const ask = page.getByRole('dialog', { name: 'New environment' });
      await ask.getByRole('textbox', { name: 'Environment name' }).fill(name);
      await page.keyboard.press('Enter');
      await ask.waitFor({ state: 'hidden' });
      const env = dialog.getByRole('region', { name: `Environment ${name}` });
      await env.waitFor();
      await env.getByRole('button', { name: 'Add variable' }).click();
      await env.getByRole('button', { name: 'Add variable' }).click();
      await env.getByRole('textbox', { name: 'Variable name 1' }).fill('base');
      await env.getByRole('textbox', { name: 'Variable value 1' }).fill(demo.url);
      await env.getByRole('textbox', { name: 'Variable name 2' }).fill('path');
      await env.getByRole('textbox', { name: 'Variable value 2' }).fill(path);
      await env.getByRole('button', { name: 'Bind Main' }).click();
      await bind();
      await env.getByRole('button', { name: 'Save environment' }).click();
      await expect.poll(() => env.getByRole('status').textContent()).toBe('Saved');
    };
    await makeEnv('basic-env', '/basic/protected', async () => {
      const env = dialog.getByRole('region', { name: 'Environment basic-env' });
      await env.getByRole('textbox', { name: 'Main binding Username' }).fill(DEMO_USER.username);
      await env.getByLabel('Main binding Password').fill(DEMO_USER.password);
    });
    await makeEnv('key-env', '/apikey/items', async () => {
      const env = dialog.getByRole('region', { name: 'Environment key-env' });
      await choose(env.getByRole('combobox', { name: 'Main binding type' }), 'apikey');
      await env.getByLabel('Main binding Key value').fill(DEMO_API_KEY);
    });
    const matrix = dialog.getByRole('table', { name: 'Profiles by environment' });
    await expect.poll(() => matrix.textContent()).toContain('Basic');
    expect(await matrix.textContent()).toContain('API key');
    await shot('profiles');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Click the request's name: the row's centre holds its Rename/Copy/Delete buttons.
    await page.getByRole('treeitem', { name: 'GET Protected' }).getByText('Protected', { exact: true }).click();
    await page.getByRole('tab', { name: /GET Protected/, selected: true }).waitFor();
    for (const env of ['basic-env', 'key-env']) {
      await choose(page.getByRole('combobox', { name: 'Environment' }), env);
      const line = await sendAndWait();
      await shot(`profile-${env}`);
      expect(line).toContain('200');
    }
  });

  it('imports a Postman collection and exports it again', async () => {
    const file = join(dir, 'shop.postman_collection.json');
    await writeFile(file, JSON.stringify({
      info: { name: 'Shop API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [{ name: 'Orders', item: [{ name: 'List orders', request: { method: 'GET', url: '{{base}}/orders?limit=10' } }] }],
    }));
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import' });
    await pickFile(dialog.getByRole('button', { name: /^Import file/ }), file);
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Imported postman');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Collection' }).textContent()).toBe('Shop API');
    await page.getByRole('treeitem', { name: 'Orders' }).getByText('Orders', { exact: true }).click();
    await page.getByRole('treeitem', { name: 'GET List orders' }).waitFor();
    await shot('import');

    await page.getByRole('button', { name: 'Export' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await expect.poll(() => valueOf(exportDialog.getByRole('combobox', { name: 'Export format' }))).toBe('postman');
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Export', exact: true }).click()]);
    const out = JSON.parse(await readFile(await download.path(), 'utf8')) as { info: { name: string }; item: { name: string; item: { name: string }[] }[] };
    expect(out.info.name).toBe('Shop API');
    expect(out.item[0]?.item[0]?.name).toBe('List orders');
    await exportDialog.getByRole('button', { name: 'Close' }).click();
  });

  it('runs a test script written in the editor and shows its assertions', async () => {
    await page.getByRole('button', { name: 'New tab' }).click();
    await page.getByRole('combobox', { name: 'URL' }).fill(`${demo.url}/echo?n=7`);
    await page.getByRole('tab', { name: 'Scripts' }).click();
    await page.getByRole('radio', { name: /^Tests/ }).check();
    const editor = page.getByRole('group', { name: 'Tests script' });
    await editor.locator('.view-lines').click();
    // insertText types as a paste does: no auto-closed brackets doubling what we type.
    await page.keyboard.insertText([
      "pm.test('status is 200', () => pm.response.to.have.status(200));",
      "pm.test('echoes the query', () => pm.expect(pm.response.json().query.n).to.equal('8'));",
    ].join('\n'));
    await expect.poll(() => page.getByRole('radio', { name: /^Tests •/ }).count()).toBe(1);
    // Autocomplete knows pm (the declarations given to Monaco's JavaScript service).
    await page.keyboard.type('\npm.');
    const suggest = editor.locator('.suggest-widget');
    await expect.poll(() => suggest.textContent(), { timeout: 20_000 }).toContain('collectionVariables');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    expect(await sendAndWait()).toContain('200');
    await page.getByRole('tab', { name: /^Tests \(1\/2\)/ }).click();
    const results = page.getByRole('list', { name: 'Test results' }).getByRole('listitem');
    await expect.poll(() => results.allTextContents()).toEqual([
      'PASS status is 200',
      expect.stringMatching(/^FAIL echoes the query — .*expected '7' to equal '8'/),
    ]);
    await shot('tests');
  });

  it('runs a folder in the Runner view with each request\'s status and the diagnosis of the refused one', async () => {
    await choose(page.getByRole('combobox', { name: 'Collection' }), { label: 'Demo' });
    await page.getByRole('button', { name: 'Runner' }).click();
    const view = page.getByRole('region', { name: 'Runner' });
    await choose(view.getByRole('combobox', { name: 'Run folder' }), 'Checks');
    await view.getByRole('button', { name: 'Run' }).click();
    // A run with scripts starts its own QuickJS engine first.
    await expect.poll(() => view.getByRole('status', { name: 'Run progress' }).getAttribute('data-done'), { timeout: 20_000 }).toBe('true');
    expect(await view.getByRole('status', { name: 'Run progress' }).textContent()).toMatch(/^1\/2 requests passed, 1\/1 assertions/);
    const rows = view.getByRole('table', { name: 'Run results' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('aria-label')).toBe('Checks/Health passed');
    expect(await rows.nth(0).textContent()).toContain('says ok');
    expect(await rows.nth(1).getAttribute('aria-label')).toBe('Checks/Me failed');
    expect(await rows.nth(1).textContent()).toContain('401');
    expect(await view.getByRole('note', { name: 'Diagnosis of Checks/Me' }).getAttribute('data-finding')).toBe('no-credentials');
    await shot('runner');

    // A row opens its exchange in the response panel, and the inspector explains the refusal.
    await rows.nth(1).click();
    const response = view.getByRole('region', { name: 'Response' });
    await expect.poll(() => response.getByRole('status', { name: 'Response status' }).textContent()).toContain('401');
    await response.getByRole('tab', { name: 'Headers' }).click();
    expect(await response.getByRole('table', { name: 'Response headers' }).textContent()).toMatch(/www-authenticate/i);
    await response.getByRole('tab', { name: 'Timing' }).click();
    const explanation = page.getByRole('complementary', { name: 'Inspector' }).getByRole('region', { name: 'Explanation' });
    await expect.poll(() => explanation.locator('article').first().getAttribute('data-finding')).toBe('no-credentials');
    // The other row: its own exchange, body and tests.
    await view.getByRole('button', { name: 'Open exchange of Checks/Health' }).click();
    await expect.poll(() => response.getByRole('status', { name: 'Response status' }).textContent()).toContain('200');
    await response.getByRole('tab', { name: /^Tests/ }).click();
    expect(await response.getByRole('list', { name: 'Test results' }).textContent()).toContain('says ok');
    await response.getByRole('tab', { name: 'Body' }).click();
    await expect.poll(() => response.getByRole('group', { name: 'Response body' }).locator('.view-lines').textContent()).toContain('ok');
    expect(await explanation.count()).toBe(0);
    await shot('runner-exchange');
  });

  it('saving over a request file another program changed asks: Cancel, Overwrite and Reload each do what they say', async () => {
    const file = join(dir, 'ws', 'demo', 'notes.request.yaml');
    const onDisk = () => readFile(file, 'utf8');
    // As an external editor would: the app has the file open with unsaved edits meanwhile.
    const theirEdit = async (v: string) => writeFile(file, (await onDisk()).replace(/url: .*/, `url: "{{base}}/echo?v=${v}"`));
    const url = page.getByRole('combobox', { name: 'URL' });
    const dialog = page.getByRole('alertdialog', { name: 'Changed on disk' });
    const unsaved = page.getByRole('button', { name: 'Save (unsaved changes)' });
    await choose(page.getByRole('combobox', { name: 'Collection' }), { label: 'Demo' });
    await page.getByRole('treeitem', { name: 'GET Notes' }).getByText('Notes', { exact: true }).click();
    await page.getByRole('tab', { name: /GET Notes/, selected: true }).waitFor();

    await url.fill('{{base}}/echo?v=mine');
    await theirEdit('theirs');
    await page.keyboard.press('Control+s');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('notes.request.yaml changed on disk since you opened it');
    await shot('save-conflict');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await url.inputValue()).toBe('{{base}}/echo?v=mine');
    expect(await unsaved.isVisible()).toBe(true);
    expect(await onDisk()).toContain('v=theirs');

    await unsaved.click();
    await dialog.getByRole('button', { name: 'Overwrite' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
    expect(await onDisk()).toContain('v=mine');

    await url.fill('{{base}}/echo?v=mine-2');
    await theirEdit('theirs-2');
    await unsaved.click();
    await dialog.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => url.inputValue()).toBe('{{base}}/echo?v=theirs-2');
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
    expect(await onDisk()).toContain('v=theirs-2');
  });

  it('opens a 50 MB JSON response without freezing the window', async () => {
    await sendUrl(bigUrl);
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toContain('200');
    // The whole body is browsable: its virtualised view shows the first lines.
    await page.getByRole('list', { name: 'Response body' }).getByRole('listitem').first().waitFor({ timeout: 60_000 });
    expect(await page.getByRole('tabpanel', { name: 'Response Body' }).textContent()).toContain('50.0 MB');
    // The page still answers: a round trip through the main thread completes.
    expect(await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(1))))).toBe(1);
    await shot('large-response');
  });
});
