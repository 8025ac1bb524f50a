import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAndSend, responsePanel, responseWorld, shot } from './response-world';

// #17 §5: a 4.4 MB and a 50 MB JSON body stay browsable and searchable to their last byte, with a
// lazily expanded tree, and the window keeps answering. The long tasks are measured here with a
// PerformanceObserver and printed; the speed targets themselves are asserted by `npm run bench`
// (bench/renderer.ts), never in a test.
const w = responseWorld('large');

declare global { interface Window { __long?: number[] } }

async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long?.push(e.duration); }).observe({ type: 'longtask' });
  });
}

async function browseAll(page: Page, name: string, label: string): Promise<void> {
  await watchLongTasks(page);
  const started = Date.now();
  await openAndSend(page, name, '200');
  const panel = responsePanel(page);
  const body = panel.getByRole('list', { name: 'Response body' });
  await body.locator('.line').filter({ hasText: /\S/ }).first().waitFor({ timeout: 60_000 });
  const firstScreen = Date.now() - started;
  // Pretty-printed in the worker: the formatted lines replace the raw window when ready.
  await expect.poll(() => body.locator('.line').nth(1).textContent(), { timeout: 60_000 }).toContain('"items": [');
  // The last bytes of the body are reachable: search finds them and scrolls there.
  await panel.getByLabel('Search the body').fill('needle-at-the-end');
  await expect.poll(() => panel.getByLabel('Search hits').textContent(), { timeout: 60_000 }).toBe('1 of 1');
  await expect.poll(() => body.locator('mark.hit.current').textContent(), { timeout: 10_000 }).toBe('needle-at-the-end');
  // The JSON tree expands the root's children lazily (a page at a time).
  await panel.getByRole('radio', { name: 'tree' }).check();
  const tree = panel.getByRole('tree', { name: 'JSON tree' });
  await tree.getByRole('button', { name: 'Expand items' }).click();
  await tree.getByRole('treeitem', { name: '[199]' }).waitFor();
  expect(await tree.getByRole('treeitem', { name: '[200]' }).count()).toBe(0);
  expect(await tree.getByRole('button', { name: /^Show 200 more of/ }).count()).toBe(1);
  await tree.getByRole('button', { name: 'Expand [3]' }).click();
  await expect.poll(() => tree.getByRole('treeitem', { name: '[3]' }).textContent()).toContain('"item-3"');
  // The window still answers.
  expect(await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(1))))).toBe(1);
  const longest = Math.max(0, ...(await page.evaluate(() => window.__long ?? [])));
  process.stdout.write(`${label}: first screen ${firstScreen} ms (incl. the send), longest main-thread task ${longest.toFixed(0)} ms\n`);
  await shot(page, `large-${label}`);
}

describe('#17 §5 large bodies', () => {
  it('a 4.4 MB JSON body: raw, pretty, searchable to its end, a lazy tree', async () => {
    await browseAll(w.page, 'Big 4.4', '4.4MB');
  }, 120_000);

  it('a 50 MB JSON body: the same, the whole body held by a worker', async () => {
    await browseAll(w.page, 'Big 50', '50MB');
  }, 180_000);

  it('nodes with 100,000 children open a page of 200 and page through the rest, in order', async () => {
    const { page } = w;
    await page.getByRole('button', { name: 'New tab' }).click();
    await page.getByRole('combobox', { name: 'URL' }).fill(`${w.apiUrl}/wide`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const panel = responsePanel(page);
    await panel.getByRole('radio', { name: 'tree' }).check({ timeout: 60_000 });
    const tree = panel.getByRole('tree', { name: 'JSON tree' });
    for (const [node, first, last, next] of [['array', '[0]', '[199]', '[200]'], ['object', 'key-0', 'key-199', 'key-200']] as const) {
      await tree.getByRole('button', { name: `Expand ${node}` }).click();
      const group = tree.getByRole('treeitem', { name: node, exact: true });
      await group.getByRole('treeitem', { name: last, exact: true }).waitFor();
      expect(await group.getByRole('treeitem', { name: first, exact: true }).count()).toBe(1);
      expect(await group.getByRole('treeitem', { name: next, exact: true }).count()).toBe(0);
      await group.getByRole('button', { name: 'Show 200 more of 99800' }).click();
      await group.getByRole('treeitem', { name: node === 'array' ? '[399]' : 'key-399', exact: true }).waitFor();
      expect(await group.getByRole('treeitem').count()).toBe(400);
      expect(await group.getByRole('button', { name: 'Show 200 more of 99600' }).count()).toBe(1);
      // The values are the node's own, in order.
      expect(await group.getByRole('treeitem', { name: node === 'array' ? '[250]' : 'key-250', exact: true }).textContent()).toContain(node === 'array' ? 'object {1}' : '250');
    }
    await shot(page, 'large-wide');
  }, 120_000);

  it('a large body the engine no longer keeps says so, with what to do, and a new send shows it again', async () => {
    const { page } = w;
    // Kept open (a double click), so its tab and response stay while other requests are sent.
    await page.getByRole('treeitem', { name: 'GET Big 4.4' }).getByText('Big 4.4', { exact: true }).dblclick();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const panel = responsePanel(page);
    const body = panel.getByRole('list', { name: 'Response body' });
    await body.locator('.line').filter({ hasText: /\S/ }).first().waitFor({ timeout: 60_000 });
    // The engine keeps the last 100 responses: 100 more sends push this one out.
    await page.getByRole('treeitem', { name: 'GET Items' }).getByText('Items', { exact: true }).click();
    await page.getByRole('tab', { name: /GET Items/, selected: true }).waitFor();
    for (let i = 0; i < 100; i++) {
      const seen = w.seen.length;
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => w.seen.length).toBe(seen + 1);
      await expect.poll(() => page.getByRole('button', { name: 'Send', exact: true }).isEnabled()).toBe(true);
    }
    await page.getByRole('tab', { name: /GET Big 4\.4/ }).click();
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain('The body could not be read');
    expect(await alert.textContent()).toContain('send the request again');
    expect(await panel.getByText('Loading body').count()).toBe(0);
    await shot(page, 'large-body-dropped');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await body.locator('.line').filter({ hasText: /\S/ }).first().waitFor({ timeout: 60_000 });
    expect(await panel.getByRole('alert').count()).toBe(0);
  }, 180_000);
});
