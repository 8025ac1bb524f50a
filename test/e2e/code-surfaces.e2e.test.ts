import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveCollection } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { startApp, type App } from './fixture';
import { RESULTS } from './harness';

/**
 * #17 §4: every Monaco editor has find and replace, folding, bracket matching and JSON validation
 * from the first one the app opens (each test starts from a freshly loaded page, so the editor it
 * uses is the first of the page), and the scripts editor completes the pm API from its typings.
 */

let app: App;
let apiUrl: string;
let page: Page;
/** Requests the API has answered. */
let hits = 0;

beforeAll(async () => {
  app = await startApp({
    prefix: 'keyhole-code-',
    api: (req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, users: [{ name: 'ada', roles: ['admin', 'dev'] }, { name: 'bob', roles: ['dev'] }], total: 2 }));
    },
    seed: (ws, base) => saveCollection(join(ws, 'demo'), Collection.parse({
      name: 'Demo', variables: [{ key: 'base', value: base }],
      items: [{ kind: 'request', name: 'Create user', method: 'POST', url: '{{base}}/users', id: 'rcreate001', body: { mode: 'json', text: '{"name": "ada", "role": "dev", "team": "dev"}' } }],
    })),
  });
  ({ apiUrl, page } = app);
}, 120_000);

// Each test starts from a freshly loaded page: the editor it uses first is the first of the page.
beforeEach(() => app.reload());
afterAll(() => app?.close());

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `code-${name}.png`) });
const lines = (editor: Locator) => editor.locator('.view-lines .view-line');
const text = async (editor: Locator) => (await lines(editor).allTextContents()).join('\n').replace(/\u00a0/g, ' ');

async function openCreateUserBody(): Promise<Locator> {
  await page.getByRole('treeitem', { name: 'POST Create user' }).getByText('Create user', { exact: true }).click();
  await page.getByRole('tab', { name: 'Body' }).click();
  const editor = page.getByRole('group', { name: 'Request body' });
  await lines(editor).first().waitFor();
  return editor;
}

describe('#17 §4 code surfaces', () => {
  it('the first response of the page has find (Ctrl+F), folding and bracket matching', async () => {
    await page.getByRole('combobox', { name: 'URL' }).fill(`${apiUrl}/users`);
    await page.getByRole('button', { name: 'Send' }).click();
    const body = page.getByRole('group', { name: 'Response body' });
    await lines(body).first().waitFor();
    expect(await text(body)).toContain('"roles": [');

    await body.locator('.view-lines').click();
    await page.keyboard.press('Control+f');
    const find = body.locator('.find-widget');
    // Monaco keeps the widget in the DOM and shows it with the class "visible".
    const shown = () => find.evaluate((el) => el.classList.contains('visible')).catch(() => false);
    await expect.poll(shown).toBe(true);
    await page.keyboard.type('dev');
    const count = find.locator('.matchesCount');
    await expect.poll(() => count.textContent()).toMatch(/^[12] of 2$/);
    const first = await count.textContent();
    await page.keyboard.press('Enter');
    await expect.poll(() => count.textContent()).not.toBe(first);
    expect(await body.locator('.findMatch, .currentFindMatch').count()).toBeGreaterThan(0);
    await shot('find');
    await page.keyboard.press('Escape');
    await expect.poll(shown).toBe(false);

    // Folding: the "users" array folds to one line and unfolds again.
    const before = await lines(body).count();
    const usersLine = lines(body).filter({ hasText: '"users"' });
    const top = (await usersLine.boundingBox())?.y ?? 0;
    const fold = body.locator('.margin-view-overlays .codicon-folding-expanded');
    let clicked = false;
    for (const f of await fold.all()) {
      const box = await f.boundingBox();
      if (box && Math.abs(box.y - top) < 4) { await f.click(); clicked = true; break; }
    }
    expect(clicked).toBe(true);
    await expect.poll(() => lines(body).count()).toBeLessThan(before);
    expect(await body.locator('.codicon-folding-collapsed').count()).toBe(1);
    await body.locator('.codicon-folding-collapsed').click();
    await expect.poll(() => lines(body).count()).toBe(before);

    // Bracket matching: the caret beside "[" marks it and its partner.
    await usersLine.click();
    await page.keyboard.press('End');
    await expect.poll(() => body.locator('.bracket-match').count()).toBe(2);
  });

  it('the request body editor replaces (Ctrl+H) and marks invalid JSON', async () => {
    const editor = await openCreateUserBody();
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+h');
    const find = editor.locator('.find-widget');
    await find.getByRole('textbox', { name: 'Find' }).or(find.locator('.find-part textarea')).first().fill('dev');
    await find.getByRole('textbox', { name: 'Replace' }).or(find.locator('.replace-part textarea')).first().fill('ops');
    await find.getByRole('button', { name: /^Replace All/ }).click();
    await expect.poll(() => text(editor)).toBe('{"name": "ada", "role": "ops", "team": "ops"}');
    // The replacement is the tab's draft: the tab says it has unsaved changes.
    await expect.poll(() => page.getByRole('tab', { name: /Create user/ }).textContent()).toContain('•');
    await page.keyboard.press('Escape');

    expect(await editor.locator('.squiggly-error').count()).toBe(0);
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(', "broken": }');
    await expect.poll(() => editor.locator('.squiggly-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // F8 shows the error under the line, in words.
    await page.keyboard.press('F8');
    await expect.poll(() => editor.locator('.marker-widget').textContent()).toMatch(/expected/i);
    await shot('json-error');
  });

  it('Ctrl+Enter and Ctrl+S pressed in an editor send and save, and add nothing to its text', async () => {
    const editor = await openCreateUserBody();
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    const before = hits;
    await page.keyboard.press('Control+Enter');
    const body = page.getByRole('group', { name: 'Response body' });
    await lines(body).first().waitFor({ timeout: 10_000 });
    expect(await text(body)).toContain('"url": "/users"');
    expect(hits).toBe(before + 1);
    // Monaco's own Ctrl+Enter would have added a line below.
    expect(await text(editor)).toBe('{"name": "ada", "role": "dev", "team": "dev"}');
    await shot('ctrl-enter-in-body');

    // An edit saved with Ctrl+S from the editor: the tab is clean and the file holds it.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.insertText(', "seat": 7');
    const tab = page.getByRole('tab', { name: /Create user/ });
    await expect.poll(() => tab.textContent()).toContain('•');
    await page.keyboard.press('Control+s');
    await expect.poll(() => tab.textContent()).not.toContain('•');
    const folder = join(app.dir, 'ws', 'demo');
    const file = readdirSync(folder).find((f) => f.endsWith('.request.yaml')) ?? '';
    expect(readFileSync(join(folder, file), 'utf8')).toContain('"team": "dev", "seat": 7}');

    // Another editor, the tests script: Ctrl+Enter sends there too.
    await page.getByRole('tab', { name: 'Scripts' }).click();
    await page.getByRole('radio', { name: /^Tests/ }).check();
    const script = page.getByRole('group', { name: 'Tests script' });
    await script.locator('.view-lines').click();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => hits).toBe(before + 2);
    expect((await text(script)).trim()).toBe('');
  });

  it('the scripts editor completes the pm API from its typings', async () => {
    await page.getByRole('tab', { name: 'Scripts' }).click();
    await page.getByRole('radio', { name: /^Tests/ }).check();
    const editor = page.getByRole('group', { name: 'Tests script' });
    await editor.locator('.view-lines').click();
    await page.keyboard.type('pm.');
    const suggest = editor.locator('.suggest-widget');
    await expect.poll(() => suggest.textContent(), { timeout: 20_000 }).toContain('collectionVariables');
    expect(await suggest.textContent()).toContain('expect');
    await page.keyboard.press('Escape');
    await page.keyboard.type('response.');
    await expect.poll(() => suggest.textContent(), { timeout: 20_000 }).toContain('json');
    await shot('pm-completion');
  });
});
