import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { saveCollection } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { ensureRendererBuilt, launch, RESULTS, type Launched } from './harness';
import { choose } from './kit';

/**
 * #17 §7: the Runner in the app. Rows stream in as the engine finishes each request, a progress
 * bar counts them, a failed row is red with ✗ and its reason, only the scripts' pm.test are
 * counted as assertions, the run exports as the CLI's HTML and JUnit reports, and a button leads
 * back to the requests. The first Send of a scripted request uses the same warm script engine.
 */

let dir: string;
let api: Server;
let apiUrl: string;
let bridge: Bridge;
let browser: Launched;
let page: Page;
/** A /slow request waits here until the test lets it answer. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  await ensureRendererBuilt();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-runner-view-'));
  api = createServer((req, res) => {
    if (req.url === '/slow') { held.push(res); return; }
    if (req.url === '/me') {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="api"' });
      res.end('{"error":"authentication required"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, url: req.url }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const test = (name: string) => `pm.test('${name}', () => pm.expect(pm.response.json().ok).to.equal(true));`;
  await saveCollection(join(dir, 'ws', 'checks'), Collection.parse({
    name: 'Checks', variables: [{ key: 'base', value: apiUrl }],
    items: [
      { kind: 'request', name: 'Scripted', method: 'GET', url: '{{base}}/scripted', id: 'rscripted1', scripts: { test: test('echo ok') } },
      { kind: 'folder', name: 'Pair', id: 'fpair00001', items: [
        { kind: 'request', name: 'Health', method: 'GET', url: '{{base}}/ok', id: 'rhealth001', scripts: { test: test('says ok') } },
        { kind: 'request', name: 'Me', method: 'GET', url: '{{base}}/me', id: 'rme0000001' },
      ] },
      { kind: 'folder', name: 'Streamed', id: 'fstream001', items: [
        { kind: 'request', name: 'First', method: 'GET', url: '{{base}}/first', id: 'rfirst0001' },
        { kind: 'request', name: 'Held', method: 'GET', url: '{{base}}/slow', id: 'rheld00001' },
      ] },
    ],
  }));
  bridge = await startWeb({ workspaceRoot: join(dir, 'ws'), host: { stateDir: join(dir, 'state') } });
  browser = await launch();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(bridge.url);
  await page.getByRole('combobox', { name: 'URL' }).waitFor();
}, 120_000);

afterAll(async () => {
  for (const r of held) r.end('{}');
  await browser?.close();
  await bridge?.close();
  await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-runner-${name}.png`) });
const view = () => page.getByRole('region', { name: 'Runner' });
const progress = () => view().getByRole('status', { name: 'Run progress' });
const bar = () => view().getByRole('progressbar', { name: 'Requests run' });

async function runFolder(folder: string): Promise<void> {
  if (!(await view().isVisible())) await page.getByRole('button', { name: 'Runner' }).click();
  await choose(view().getByRole('combobox', { name: 'Run folder' }), folder);
  await view().getByRole('button', { name: 'Run', exact: true }).click();
}

describe('#17 §7 the Runner in the app', () => {
  it('the first Send of a request with a test script shows its test results', async () => {
    await page.getByRole('tree', { name: 'Collections' }).getByRole('treeitem', { name: 'GET Scripted', exact: true }).getByText('Scripted', { exact: true }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('tab', { name: /^Tests \(1\/1\)/ }).click({ timeout: 15_000 });
    expect(await page.getByRole('list', { name: 'Test results' }).getByRole('listitem').allTextContents()).toEqual(['PASS echo ok']);
    await shot('first-send');
  });

  it('streams each row as its request finishes, with the bar counting', async () => {
    await runFolder('Streamed');
    // The second request is held by the server: the first row and "1 of 2" show meanwhile.
    await expect.poll(() => bar().getAttribute('aria-valuenow'), { timeout: 15_000 }).toBe('1');
    expect(await bar().getAttribute('aria-valuemax')).toBe('2');
    expect(await progress().textContent()).toBe('Running: 1 of 2');
    const rows = view().getByRole('table', { name: 'Run results' }).locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.nth(0).getAttribute('aria-label')).toBe('Streamed/First passed');
    // Export waits for the end, and says so.
    expect(await view().getByRole('button', { name: 'Export HTML report' }).isDisabled()).toBe(true);
    await shot('streaming');
    await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);
    held.shift()?.end('{"ok":true}');
    await expect.poll(() => progress().getAttribute('data-done'), { timeout: 15_000 }).toBe('true');
    expect(await bar().getAttribute('aria-valuenow')).toBe('2');
    expect(await progress().textContent()).toMatch(/^2\/2 requests passed, no assertions, /);
  });

  it('marks a failed row red with ✗ and its reason, counts only pm.test assertions, exports HTML and JUnit, and leads back', async () => {
    await runFolder('Pair');
    await expect.poll(() => progress().getAttribute('data-done'), { timeout: 15_000 }).toBe('true');
    // One pm.test in the folder: the 401 is Me's status, not a second "status is below 400" assertion.
    expect(await progress().textContent()).toMatch(/^1\/2 requests passed, 1\/1 assertions, /);
    expect(await bar().getAttribute('aria-valuetext')).toBe('2 of 2 requests run, 1 failed');
    const rows = view().getByRole('table', { name: 'Run results' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const health = rows.nth(0);
    const me = rows.nth(1);
    expect(await health.getAttribute('aria-label')).toBe('Pair/Health passed');
    expect((await health.getAttribute('class')) ?? '').not.toContain('failed');
    expect(await health.textContent()).toContain('✓ says ok');
    expect(await me.getAttribute('aria-label')).toBe('Pair/Me failed');
    expect(await me.getAttribute('class')).toContain('failed');
    expect(await me.locator('td.mark').textContent()).toBe('✗');
    expect(await view().getByLabel('Why Pair/Me failed').textContent()).toBe('Status 401 Unauthorized: expected below 400');
    expect(await me.locator('td').nth(5).textContent()).toBe('none');
    // Red: the row's background is tinted with the theme's --bad colour.
    const tint = await me.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(tint).not.toBe('rgba(0, 0, 0, 0)');
    await shot('failed-row');

    const html = await download('Export HTML report');
    expect(html.name).toMatch(/^Checks-run-.*\.html$/);
    expect(html.text).toContain('<b>Pair/Me</b>');
    expect(html.text).toContain('✗ status is below 400: got 401 Unauthorized');
    expect(html.text).toMatch(/Assertions<\/span><b class="ok">1\/1 passed/);
    const junit = await download('Export JUnit XML');
    expect(junit.name).toMatch(/^Checks-run-.*\.xml$/);
    expect(junit.text).toMatch(/<testsuite name="Checks" tests="2" failures="1" errors="0"/);
    expect(junit.text).toContain('<testcase classname="Checks" name="Pair/Me"');

    await view().getByRole('button', { name: '← Back to requests' }).click();
    await view().waitFor({ state: 'hidden' });
    await page.getByRole('combobox', { name: 'URL' }).waitFor();
  });
});

async function download(button: string): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), view().getByRole('button', { name: button }).click()]);
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), text: await readFile(path, 'utf8') };
}
