import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { choose } from './kit';
import { responseWorld, responsePanel, shot, TOKEN } from './response-world';

// #17 §1: the tree's context menu copies a saved request as cURL (resolved in its environment, the
// secret a placeholder) and reveals its file; in browser mode "Reveal file" shows the path to copy.
// Tree names take the row's whole width, with a tooltip only when the width cuts them.
const w = responseWorld('tree-menu');
const clipboard = () => w.page.evaluate(() => navigator.clipboard.readText());

describe('#17 §1 tree context menu: Copy as cURL and Reveal file', () => {
  it('copies a saved request as cURL from its right-click menu, with the environment resolved and the token a placeholder', async () => {
    const { page, apiUrl } = w;
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    await page.getByRole('treeitem', { name: 'GET Who am I' }).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Who am I actions' });
    await menu.getByRole('menuitem', { name: 'Copy as cURL' }).click();
    await expect.poll(clipboard).toContain('curl --request GET');
    const copied = await clipboard();
    expect(copied).toContain(`${apiUrl}/echo`);
    expect(copied).toContain('Authorization: Bearer {{token}}');
    expect(copied).not.toContain(TOKEN);
    // The toast says what happened, secrets included.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Copied' }).first().textContent()).toMatch(/^Copied/);
  });

  it('reaches the same menu from the keyboard (Shift+F10) and copies another request', async () => {
    const { page, apiUrl } = w;
    const tree = page.getByRole('tree', { name: 'Collections' });
    await tree.focus();
    // Down to "Items", the second request.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Items actions' });
    await menu.waitFor();
    await menu.getByRole('menuitem', { name: 'Copy as cURL' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(clipboard).toContain(`${apiUrl}/items`);
    expect(await clipboard()).not.toContain('Authorization');
  });

  it("reveals a request's file: in browser mode a dialog with the file's real path and a copy button", async () => {
    const { page } = w;
    await page.getByRole('treeitem', { name: 'GET Feed' }).click({ button: 'right' });
    await page.getByRole('menu', { name: 'Feed actions' }).getByRole('menuitem', { name: 'Reveal file' }).click();
    const dialog = page.getByRole('dialog', { name: 'File of "Feed"' });
    const path = (await dialog.getByLabel('File path').textContent()) ?? '';
    expect(path).toMatch(/[\\/]ws[\\/]shop[\\/]feed\.request\.yaml$/);
    // The very file: it holds the request's id and URL.
    const text = await readFile(path, 'utf8');
    expect(text).toContain('rfeed00001');
    expect(text).toContain('{{base}}/feed');
    await shot(page, 'reveal-file');
    await dialog.getByRole('button', { name: 'Copy path' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Path copied');
    expect(await clipboard()).toBe(path);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('gives tree names the whole row, and a tooltip only to a name the width cuts', async () => {
    const { page } = w;
    const row = page.getByRole('treeitem', { name: 'GET Items' });
    const widths = await row.evaluate((el) => {
      const label = el.querySelector('.tree-label') as HTMLElement;
      const actions = el.querySelector('.row-actions') as HTMLElement;
      return { row: el.clientWidth, label: label.getBoundingClientRect().right - el.getBoundingClientRect().left, actionsInFlow: getComputedStyle(actions).position !== 'absolute' };
    });
    // The label runs to the row's end (less its padding), not up to hidden action buttons.
    expect(widths.actionsInFlow).toBe(false);
    expect(widths.row - widths.label).toBeLessThan(4);
    await row.hover();
    expect(await row.getAttribute('title')).toBeNull();

    // A name longer than the row is cut: then the row's tooltip holds the full name and the URL.
    const long = 'Login with the long name of a request that no sidebar is wide enough to show';
    await page.getByRole('treeitem', { name: 'GET Login' }).click();
    await page.keyboard.press('F2');
    await page.getByRole('textbox', { name: 'New name' }).fill(long);
    await page.keyboard.press('Enter');
    const cut = page.getByRole('treeitem', { name: `GET ${long}` });
    await expect.poll(() => cut.evaluate((el) => { const l = el.querySelector('.tree-label') as HTMLElement; return l.scrollWidth > l.clientWidth; })).toBe(true);
    await page.mouse.move(900, 500, { steps: 4 });
    await cut.hover();
    expect(await cut.getAttribute('title')).toBe(`GET ${long}\n{{base}}/login`);
  });

  for (const theme of ['Light', 'Dark'] as const) {
    it(`axe finds no serious or critical violation in the tree menu, the Reveal file dialog and Generate code's select (${theme})`, async () => {
      const { page } = w;
      await page.getByRole('radiogroup', { name: 'Theme' }).getByText(theme, { exact: true }).click();
      const found: string[] = [];
      const check = async (where: string, include?: string): Promise<void> => {
        for (const v of await axeViolations(page, include)) found.push(`${where}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' ')}`);
      };
      await page.getByRole('treeitem', { name: 'GET Items' }).click({ button: 'right' });
      await page.getByRole('menu', { name: 'Items actions' }).waitFor();
      await check('tree-menu', '[role=menu]');
      await page.getByRole('menuitem', { name: 'Reveal file' }).click();
      const reveal = page.getByRole('dialog', { name: 'File of "Items"' });
      await reveal.waitFor();
      await check('reveal-file');
      await page.keyboard.press('Escape');
      await reveal.waitFor({ state: 'detached' });
      await page.getByRole('treeitem', { name: 'GET Items' }).getByText('Items', { exact: true }).dblclick();
      await responsePanel(page).getByRole('button', { name: 'Generate code' }).click();
      const code = page.getByRole('dialog', { name: 'Generate code' });
      await choose(code.getByRole('combobox', { name: 'Language' }), { label: 'HTTPie' });
      await check('generate-code');
      await page.keyboard.press('Escape');
      await code.waitFor({ state: 'detached' });
      expect(found.join('\n')).toBe('');
    });
  }
});
