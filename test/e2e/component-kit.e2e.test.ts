import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { Collection } from '../../shared/model';
import { axeViolations } from './axe';
import { startApp, type App } from './fixture';
import { RESULTS } from './harness';
import { choose, openByKey, openList, pickFile, typeToChoose, valueOf } from './kit';

/**
 * #17 §0: one component kit. Every select is the kit's Select, worked here as a user does (mouse,
 * arrows, Enter, typeahead), and each choice proven by what the next request does on a real
 * server; every file input is a drop zone (click or keyboard to pick, or drop); icon buttons and
 * actions name their shortcut in a tooltip; axe finds nothing serious in either theme.
 */
let app: App;
let page: Page;
const seen: { method: string; url: string; auth: string; body: string }[] = [];

beforeAll(async () => {
  app = await startApp({
    prefix: 'keyhole-kit-',
    api: (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      });
    },
    seed: async (ws, base) => {
      const dir = join(ws, 'kit');
      await saveCollection(dir, Collection.parse({
        name: 'Kit', id: 'ckit000001',
        items: [
          { kind: 'request', name: 'Echo', method: 'GET', url: '{{base}}/echo', id: 'recho00001' },
          { kind: 'folder', name: 'Batch', id: 'fbatch0001', items: [{ kind: 'request', name: 'Row', method: 'GET', url: '{{base}}/row?name={{name}}', id: 'rrow000001' }] },
        ],
      }));
      const secrets = new MemorySecretStore();
      await saveEnvironment(dir, { name: 'Local', profiles: {}, variables: [{ key: 'base', value: base, secret: false, enabled: true }] }, secrets);
      await saveEnvironment(dir, { name: 'Staging', profiles: {}, variables: [{ key: 'base', value: `${base}/staging`, secret: false, enabled: true }] }, secrets);
    },
  });
  page = app.page;
  // Playwright turns on file chooser interception when the first listener is added, over the
  // protocol: added here, it is on before any key press can open a picker.
  page.on('filechooser', () => undefined);
}, 120_000);

afterAll(() => app?.close());
beforeEach(async () => {
  seen.length = 0;
  await app.reload();
});

const combo = (name: string): Locator => page.getByRole('combobox', { name, exact: true });
const section = (name: string): Locator => page.getByRole('tablist', { name: 'Request sections' }).getByRole('tab', { name });

async function openEcho(): Promise<void> {
  await page.getByRole('treeitem', { name: 'GET Echo' }).getByText('Echo', { exact: true }).dblclick();
  await page.getByRole('tab', { name: /Echo/, selected: true }).waitFor();
}

async function send(): Promise<(typeof seen)[number]> {
  const before = seen.length;
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => seen.length, { timeout: 20_000 }).toBeGreaterThan(before);
  return seen[seen.length - 1] as (typeof seen)[number];
}

/** Drops a file on a drop zone as a file manager would: dragover, then drop with the file. */
async function dropFile(zone: Locator, name: string, text: string, type: string): Promise<void> {
  const data = await page.evaluateHandle(({ name, text, type }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type }));
    return dt;
  }, { name, text, type });
  await zone.dispatchEvent('dragover', { dataTransfer: data });
  await zone.dispatchEvent('drop', { dataTransfer: data });
}

describe('#17 §0 the kit Select, by keyboard and mouse', () => {
  it('method: arrows and Enter, typeahead, and the request goes out with the method chosen', async () => {
    await openEcho();
    await combo('Environment').click();
    await page.getByRole('option', { name: 'Local' }).click();
    const method = combo('Method');
    const list = await openByKey(method, 'Enter');
    // Typeahead: "PU" passes POST and lands on PUT.
    await page.keyboard.type('PU');
    await expect.poll(() => list.locator('[data-highlighted]').textContent()).toBe('PUT');
    await page.keyboard.press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await valueOf(method)).toBe('PUT');
    expect(await method.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await send()).method).toBe('PUT');

    // Arrows: open with ArrowDown on the closed select, one down from PUT is PATCH.
    await openByKey(method, 'ArrowDown');
    await expect.poll(() => list.locator('[data-highlighted]').textContent()).toBe('PUT');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => list.locator('[data-highlighted]').textContent()).toBe('PATCH');
    await page.keyboard.press('Enter');
    expect(await valueOf(method)).toBe('PATCH');
    // Esc closes without changing.
    await openByKey(method, 'Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await valueOf(method)).toBe('PATCH');
    expect((await send()).method).toBe('PATCH');
    await page.screenshot({ path: join(RESULTS, 'kit-method.png') });
  });

  it('environment picker: typeahead picks Staging, and the request goes to its base URL', async () => {
    await openEcho();
    const env = combo('Environment');
    await typeToChoose(env, 'St', 'Space');
    expect(await valueOf(env)).toBe('Staging');
    expect(await env.textContent()).toBe('Staging');
    expect((await send()).url).toBe('/staging/echo');
    await choose(env, { label: 'Local' });
    expect((await send()).url).toBe('/echo');
  });

  it('auth scheme and body type: each choice changes the form and what is sent', async () => {
    await openEcho();
    await choose(combo('Environment'), 'Local');
    await choose(combo('Method'), 'POST');
    await section('Auth').click();
    const scheme = combo('Request auth type');
    await typeToChoose(scheme, 'Bearer');
    expect(await valueOf(scheme)).toBe('bearer');
    await page.getByRole('textbox', { name: 'Request auth Token' }).fill('kit-token-1');

    await section('Body').click();
    const mode = combo('Body type');
    expect(await valueOf(mode)).toBe('none');
    await typeToChoose(mode, 'te');
    expect(await valueOf(mode)).toBe('text');
    await page.getByRole('group', { name: 'Request body' }).locator('.view-lines').click();
    await page.keyboard.insertText('hello from the kit');
    const sent = await send();
    expect(sent.auth).toBe('Bearer kit-token-1');
    expect(sent.body).toBe('hello from the kit');

    // Binary: a drop zone takes the body's file, picked with the keyboard, then replaced by a drop.
    await choose(mode, { label: 'Binary file' });
    const zone = page.getByRole('button', { name: /^Body file/ });
    expect(await zone.textContent()).toContain('Drop a file here, or click to choose');
    await zone.focus();
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'picked.txt', mimeType: 'text/plain', buffer: Buffer.from('picked bytes') });
    await expect.poll(() => zone.textContent()).toContain('picked.txt');
    expect((await send()).body).toBe('picked bytes');
    await dropFile(zone, 'dropped.bin', 'dropped bytes', 'application/octet-stream');
    await expect.poll(() => zone.textContent()).toContain('dropped.bin');
    expect((await send()).body).toBe('dropped bytes');
  });

  it('proxy mode (settings) by mouse', async () => {
    await openEcho();
    await section('Settings').click();
    const proxy = combo('Proxy mode');
    expect(await valueOf(proxy)).toBe('system');
    await choose(proxy, 'custom');
    await page.getByRole('textbox', { name: 'Proxy URL' }).waitFor();
    await choose(proxy, { label: 'none' });
    expect(await valueOf(proxy)).toBe('none');
    expect(await page.getByRole('textbox', { name: 'Proxy URL' }).count()).toBe(0);
  });
});

describe('#17 §0 the Runner: folder select and the data file drop zone', () => {
  it('runs the folder chosen by keyboard once per row of a data file picked, then of one dropped', async () => {
    await choose(combo('Environment'), 'Local');
    await page.getByRole('button', { name: 'Runner' }).click();
    const view = page.getByRole('region', { name: 'Runner' });
    const folder = view.getByRole('combobox', { name: 'Run folder' });
    await typeToChoose(folder, 'Ba');
    expect(await valueOf(folder)).toBe('Batch');

    const zone = view.getByRole('button', { name: /^Data file/ });
    await pickFile(zone, { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('name\nada\ngrace\n') });
    await expect.poll(() => zone.textContent()).toContain('people.csv');
    await view.getByRole('button', { name: 'Run', exact: true }).click();
    const done = () => view.getByRole('status', { name: 'Run progress' }).getAttribute('data-done');
    await expect.poll(done, { timeout: 30_000 }).toBe('true');
    expect(seen.map((s) => s.url)).toEqual(['/row?name=ada', '/row?name=grace']);

    seen.length = 0;
    await dropFile(zone, 'more.json', JSON.stringify([{ name: 'linus' }]), 'application/json');
    await expect.poll(() => zone.textContent()).toContain('more.json');
    await view.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => seen.map((s) => s.url), { timeout: 30_000 }).toEqual(['/row?name=linus']);
    await expect.poll(done, { timeout: 30_000 }).toBe('true');
    await page.screenshot({ path: join(RESULTS, 'kit-runner-data.png') });

    await view.getByRole('button', { name: 'Remove more.json' }).click();
    await expect.poll(() => zone.textContent()).toContain('Drop a file here');
  });
});

describe('#17 §0 tooltips name the action and its shortcut', () => {
  it('shows the command table shortcut on hover and on keyboard focus', async () => {
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).hover();
    await expect.poll(() => page.getByRole('tooltip').first().textContent()).toBe('Keyboard shortcuts (Ctrl+/)');
    // Away in steps, as a hand moves: the tooltip closes once the pointer has left it and its trigger.
    await page.mouse.move(700, 500, { steps: 8 });
    await page.getByRole('tooltip').first().waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Send', exact: true }).focus();
    await expect.poll(() => page.getByRole('tooltip').first().textContent()).toBe('Send the request (Ctrl+Enter)');
  });
});

describe('#17 §0 axe: the kit in both themes', () => {
  for (const theme of ['Light', 'Dark'] as const) {
    it(`finds no serious or critical violation with a Select open, on the Runner's drop zone and in the Import dialog (${theme})`, async () => {
      await page.getByRole('radiogroup', { name: 'Theme' }).getByText(theme, { exact: true }).click();
      const found: string[] = [];
      const check = async (where: string): Promise<void> => {
        for (const v of await axeViolations(page)) found.push(`${where}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' ')}`);
      };
      await openEcho();
      await check('main');
      // An open Select is modal: Radix hides the rest of the page (aria-hidden) while focus stays in
      // the list, which axe's aria-hidden-focus counts against the page behind; the list is checked.
      const list = await openList(combo('Method'));
      for (const v of await axeViolations(page, '[role=listbox]')) found.push(`select-open: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' ')}`);
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Runner' }).click();
      await check('runner');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByRole('dialog', { name: 'Import' }).waitFor();
      await check('import');
      await page.keyboard.press('Escape');
      expect(found.join('\n')).toBe('');
    }, 60_000);
  }
});
