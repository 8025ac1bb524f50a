import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCollection } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { axeViolations, type AxeFinding } from './axe';
import { startApp, type App } from './fixture';
import { RESULTS } from './harness';
import { choose } from './kit';

/**
 * #17 §3: light, dark and "follow the system", switched in the app and kept; every Monaco editor
 * on screen recolours live; axe-core finds no serious or critical WCAG 2.1 AA violation on the main
 * screen, the dialogs and the Runner view, in either theme.
 */

let app: App;
let apiUrl: string;
let page: Page;

beforeAll(async () => {
  app = await startApp({
    prefix: 'keyhole-theme-',
    api: (req, res) => {
      const refused = req.url?.startsWith('/private') ?? false;
      res.writeHead(refused ? 401 : 200, { 'content-type': 'application/json', ...(refused ? { 'www-authenticate': 'Bearer realm="api"' } : {}) });
      res.end(JSON.stringify({ ok: true, url: req.url, items: [{ id: 1, tags: ['a', 'b'] }, { id: 2, tags: [] }] }, null, 2));
    },
    seed: (ws, base) => saveCollection(join(ws, 'demo'), Collection.parse({
      name: 'Demo', variables: [{ key: 'base', value: base }],
      items: [
        { kind: 'request', name: 'Notes', method: 'GET', url: '{{base}}/notes', id: 'rnotes0001' },
        { kind: 'request', name: 'Create note', method: 'POST', url: '{{base}}/notes', id: 'rcreate001', body: { mode: 'json', text: '{"title": "x"}' } },
        { kind: 'folder', name: 'Checks', id: 'fchecks001', items: [
          { kind: 'request', name: 'Health', method: 'GET', url: '{{base}}/health', id: 'rhealth001', scripts: { test: "pm.test('ok', () => pm.expect(pm.response.json().ok).to.equal(true));" } },
          { kind: 'request', name: 'Private', method: 'GET', url: '{{base}}/private', id: 'rprivate01' },
        ] },
      ],
    })),
  });
  ({ apiUrl, page } = app);
}, 120_000);

afterAll(() => app?.close());

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `theme-${name}.png`) });
const htmlTheme = () => page.evaluate(() => document.documentElement.dataset['theme']);
/** The computed background of the first Monaco editor in `group`. */
const editorBackground = (group: string) => page.getByRole('group', { name: group }).locator('.monaco-editor-background').first().evaluate((el) => getComputedStyle(el).backgroundColor);

/** A fresh load, with no session from an earlier test; the theme choice (localStorage) stays. */
const open = (): Promise<void> => app.reload();

/** Opens a request to keep (a double click; a single click only previews it). */
async function openRequest(name: string): Promise<void> {
  await page.getByRole('treeitem', { name: new RegExp(`${name}$`) }).getByText(name, { exact: true }).dblclick();
  await page.getByRole('tab', { name: new RegExp(name), selected: true }).waitFor();
}

async function sendAndShow(): Promise<void> {
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('group', { name: 'Response body' }).locator('.view-lines .view-line').first().waitFor();
}

function describeFindings(where: string, found: AxeFinding[]): string {
  return found.map((f) => `${where}: ${f.impact} ${f.id} (${f.help}) at ${f.targets.join(' ')}`).join('\n');
}

describe('#17 §3 themes and accessibility', () => {
  it('switches light / dark / system from the top bar, keeps the choice, and recolours every open editor live', async () => {
    await open();
    await page.emulateMedia({ colorScheme: 'light' });
    const themes = page.getByRole('radiogroup', { name: 'Theme' });
    await themes.getByText('Light', { exact: true }).click();
    expect(await htmlTheme()).toBe('light');
    // Two editors made before the switch: the request body and the response body.
    await openRequest('Create note');
    await page.getByRole('tab', { name: 'Body' }).click();
    await page.getByRole('group', { name: 'Request body' }).locator('.view-lines').waitFor();
    await sendAndShow();
    expect(await editorBackground('Response body')).toBe('rgb(255, 255, 255)');
    expect(await editorBackground('Request body')).toBe('rgb(255, 255, 255)');

    await themes.getByText('Dark', { exact: true }).click();
    expect(await htmlTheme()).toBe('dark');
    expect(await themes.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await expect.poll(() => editorBackground('Response body')).toBe('rgb(27, 29, 33)');
    expect(await editorBackground('Request body')).toBe('rgb(27, 29, 33)');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(27, 29, 33)');
    await shot('dark-main');

    // Kept: a reload comes back dark although the system is light.
    await open();
    expect(await htmlTheme()).toBe('dark');
    expect(await themes.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);

    // "System" follows the operating system's switch while the app runs, editors included.
    await themes.getByText('System', { exact: true }).click();
    expect(await htmlTheme()).toBe('light');
    await openRequest('Notes');
    await sendAndShow();
    expect(await editorBackground('Response body')).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(htmlTheme).toBe('dark');
    await expect.poll(() => editorBackground('Response body')).toBe('rgb(27, 29, 33)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(htmlTheme).toBe('light');
    await expect.poll(() => editorBackground('Response body')).toBe('rgb(255, 255, 255)');

    // The radios move with the arrow keys, as any radio group.
    await themes.getByRole('radio', { name: 'System' }).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await htmlTheme()).toBe('dark');
    await themes.getByText('Light', { exact: true }).click();
  });

  it('closes a request tab from the keyboard (Delete on the tab) and with the mouse (its ×)', async () => {
    await open();
    await openRequest('Notes');
    await openRequest('Create note');
    const strip = page.getByRole('tablist', { name: 'Open requests' });
    const names = () => strip.getByRole('tab').allTextContents();
    expect(await names()).toEqual(expect.arrayContaining(['GET Notes', 'POST Create note']));
    await strip.getByRole('tab', { name: /Create note/ }).focus();
    await page.keyboard.press('Delete');
    await expect.poll(names).not.toContain('POST Create note');
    await page.getByTitle('Close Notes').click();
    await expect.poll(names).not.toContain('GET Notes');
  });

  for (const mode of ['light', 'dark'] as const) {
    it(`axe-core finds no serious or critical violation on each screen and dialog, ${mode} theme`, async () => {
      await open();
      await page.getByRole('radiogroup', { name: 'Theme' }).getByText(mode === 'light' ? 'Light' : 'Dark', { exact: true }).click();
      const found: string[] = [];
      const check = async (where: string, include?: string): Promise<void> => {
        const v = await axeViolations(page, include);
        if (v.length > 0) found.push(describeFindings(where, v));
        await shot(`${mode}-${where}`);
      };

      await openRequest('Create note');
      await page.getByRole('tab', { name: 'Body' }).click();
      await page.getByRole('group', { name: 'Request body' }).locator('.view-lines').waitFor();
      await sendAndShow();
      await check('main');

      const folder = page.getByRole('treeitem', { name: /Checks/ });
      if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.getByText('Checks', { exact: true }).click();
      await openRequest('Private');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('region', { name: 'Explanation' }).locator('article').first().waitFor();
      await check('explained-401');

      // Each dialog from the button a user clicks; Esc closes it before the next.
      const dialogs = [['Environments', 'Environments and auth profiles', 'environments'], ['Import', 'Import', 'import'], ['Export', 'Export', 'export'], ['New collection', 'New collection', 'question']] as const;
      for (const [button, title, where] of dialogs) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await page.getByRole('dialog', { name: title }).waitFor();
        await check(where);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
      }

      await page.getByRole('button', { name: 'New tab' }).click();
      await page.getByRole('combobox', { name: 'URL' }).fill(`${apiUrl}/scratch`);
      await page.keyboard.press('Control+s');
      await page.getByRole('dialog', { name: 'Save request' }).waitFor();
      await check('save-request');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Runner' }).click();
      const view = page.getByRole('region', { name: 'Runner' });
      await choose(view.getByRole('combobox', { name: 'Run folder' }), 'Checks');
      await view.getByRole('button', { name: 'Run' }).click();
      await expect.poll(() => view.getByRole('status', { name: 'Run progress' }).getAttribute('data-done'), { timeout: 30_000 }).toBe('true');
      await check('runner');

      expect(found.join('\n')).toBe('');
    }, 120_000);
  }
});
