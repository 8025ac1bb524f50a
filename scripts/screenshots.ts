// `npm run screenshots`: retakes the README's images (docs/screenshot-*-{light,dark}.png) in
// Chromium, in browser mode, on a copy of the example workspace. It talks only to servers it starts
// itself on 127.0.0.1: the demo API (`keyhole demo-server`'s), a local API serving a large JSON
// body, and the bridge that serves the app.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { MemorySecretStore, startWeb } from '../electron/bridge';
import { CollectionFolders } from '../electron/engine/api/collections';
import { addExampleWorkspace } from '../electron/engine/api/example-workspace';
import { startDemoServer } from '../electron/engine/demo';
import { sessionFile } from '../electron/engine/ui-state';
import { ensureRendererBuilt, launchChromium } from '../test/e2e/browser';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = join(ROOT, 'docs');
const EXAMPLE = join(ROOT, 'examples', 'demo-workspace');

/** A catalogue listing of about `mb` megabytes, as a large API response is. */
function catalogue(mb: number): Buffer {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const row = JSON.stringify({ id: i, sku: `KH-${String(i).padStart(6, '0')}`, name: `Item ${i}`, price: Math.round(i * 137) / 100, tags: ['hardware', i % 2 ? 'blue' : 'red'], stock: { warehouse: 'north', count: i % 50 } });
    rows.push(row);
    size += row.length + 1;
  }
  return Buffer.from(`{"total":${rows.length},"items":[${rows.join(',')}]}`);
}

async function main(): Promise<void> {
  await ensureRendererBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-screenshots-'));
  const demo = await startDemoServer({ port: 0 });
  const body = catalogue(6);
  const big = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => big.listen(0, '127.0.0.1', () => r()));
  const bigUrl = `http://127.0.0.1:${(big.address() as AddressInfo).port}/catalogue`;

  // The example workspace as a new user adds it (its demo credentials into the secret store),
  // pointed at this run's demo server instead of the fixed port 4010.
  const ws = join(dir, 'ws');
  const secrets = new MemorySecretStore();
  const [id] = await addExampleWorkspace(EXAMPLE, new CollectionFolders(ws), secrets);
  const collectionFile = join(ws, id ?? 'demo-workspace', 'collection.yaml');
  await writeFile(collectionFile, (await readFile(collectionFile, 'utf8')).replaceAll('http://127.0.0.1:4010', demo.url));
  const stateDir = join(dir, 'state');
  const bridge = await startWeb({ workspaceRoot: ws, host: { stateDir, secrets } });
  const browser = await launchChromium();
  const written: string[] = [];
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    for (const theme of ['light', 'dark'] as const) {
      const shot = async (name: string): Promise<void> => {
        const path = join(DOCS, `screenshot-${name}-${theme}.png`);
        await page.mouse.move(0, 0);
        await page.waitForTimeout(300);
        await page.screenshot({ path });
        written.push(path);
      };
      // Each theme from the same start: no tabs kept from the last round's session.
      await page.goto('about:blank');
      await rm(sessionFile({ stateDir, workspaceRoot: ws }), { force: true });
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(bridge.url);
      await page.getByRole('combobox', { name: 'URL' }).waitFor();
      await page.getByRole('radiogroup', { name: 'Theme' }).getByText(theme === 'light' ? 'Light' : 'Dark', { exact: true }).click();
      await chooseEnvironment(page, 'Staging');

      await explained401(page);
      await shot('explain-401');
      await largeResponse(page, bigUrl);
      await shot('large-response');
      await runner(page);
      await shot('runner');
    }
  } catch (e) {
    // What the page showed when a step failed, to see why.
    const failed = join(tmpdir(), 'keyhole-screenshots-failed.png');
    await browser.context.pages()[0]?.screenshot({ path: failed }).catch(() => undefined);
    console.error(`A step failed; the page then: ${failed}`);
    throw e;
  } finally {
    await browser.close();
    await bridge.close();
    await demo.close();
    await new Promise<void>((r) => big.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  }
  for (const p of written) console.log(`wrote ${p.slice(ROOT.length)}`);
}

async function chooseEnvironment(page: Page, name: string): Promise<void> {
  const combo = page.getByRole('combobox', { name: 'Environment', exact: true });
  if ((await combo.getAttribute('data-value')) === name.toLowerCase() || (await combo.textContent()) === name) return;
  await combo.click();
  await page.getByRole('option', { name, exact: true }).click();
}

/** Refusals/Expired token: sent, refused, and the inspector's explanation beside it. */
async function explained401(page: Page): Promise<void> {
  const folder = page.getByRole('treeitem', { name: 'Refusals' });
  if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.getByText('Refusals', { exact: true }).click();
  await page.getByRole('treeitem', { name: 'GET Expired token' }).getByText('Expired token', { exact: true }).dblclick();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByRole('region', { name: 'Explanation' }).locator('article').first().waitFor();
}

/** A new tab on the large JSON body, shown as its lazily built tree. */
async function largeResponse(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: 'New tab' }).click();
  await page.getByRole('combobox', { name: 'URL' }).fill(url);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByRole('status', { name: 'Response status' }).waitFor();
  const tree = page.getByRole('radio', { name: 'tree' });
  if (await tree.count()) await tree.check();
  const json = page.getByRole('tree', { name: 'JSON tree' });
  await json.getByRole('button', { name: 'Expand items' }).click();
  await json.getByRole('button', { name: 'Expand [0]' }).click();
  await json.getByRole('button', { name: 'Expand tags' }).first().click();
}

/** The Runner on the whole collection in Staging, finished. */
async function runner(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Runner', exact: true }).click();
  const view = page.getByRole('region', { name: 'Runner' });
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[aria-label="Run progress"]')?.getAttribute('data-done') === 'true', undefined, { timeout: 120_000 });
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
