import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWeb } from '../electron/bridge';
import { saveCollection } from '../electron/engine/workspace';
import { Collection } from '../shared/model';
import { ensureRendererBuilt, launch } from '../test/e2e/harness';
import type { BenchFigure } from './measure';

declare global { interface Window { __lat?: number[]; __long?: number[] } }

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * The renderer's speed targets, measured in Debian's Chromium through playwright-core against the
 * browser bridge: time to the first interactive request tab, URL-bar keystroke latency with a
 * 500-request collection open, and the first screen of a 50 MB JSON response with the longest
 * main-thread task seen meanwhile (PerformanceObserver 'longtask').
 */
export async function benchRenderer(): Promise<BenchFigure[]> {
  await ensureRendererBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-renderer-'));
  const items = Array.from({ length: 500 }, (_, i) => ({ kind: 'request' as const, name: `Request ${i}`, method: 'GET', url: `{{base}}/items/${i}` }));
  await saveCollection(join(dir, 'ws', 'big'), Collection.parse({ name: 'Big', items }));
  const record = JSON.stringify({ id: 0, name: 'record', payload: 'x'.repeat(200) });
  const body = Buffer.from(`[${new Array(Math.ceil((50 * 1024 * 1024) / (record.length + 1))).fill(record).join(',')}]`);
  const server = createServer((_q, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const bigUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.json`;
  const bridge = await startWeb({ workspaceRoot: join(dir, 'ws') });
  const b = await launch();
  try {
    const page = await b.context.newPage();
    const ready: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await page.goto(i === 0 ? bridge.url : `${bridge.origin}/`, { waitUntil: 'commit' });
      await page.getByRole('combobox', { name: 'URL' }).waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Send' }).waitFor({ state: 'visible' });
      ready.push(Date.now() - t0);
    }

    // The name, not the row's centre: that is where the row's Rename button sits.
    await page.getByRole('treeitem', { name: 'GET Request 0' }).getByText('Request 0', { exact: true }).click();
    await page.getByRole('tab', { name: /GET Request 0/, selected: true }).waitFor();
    const url = page.getByRole('combobox', { name: 'URL' });
    await url.click();
    await page.evaluate(() => {
      window.__lat = [];
      document.querySelector('[aria-label="URL"]')?.addEventListener('keydown', () => {
        const t = performance.now();
        // Input handled, React rendered, frame painted: the next task after the frame.
        requestAnimationFrame(() => setTimeout(() => window.__lat?.push(performance.now() - t), 0));
      }, true);
    });
    await page.keyboard.type('/search?q=keyhole-latency', { delay: 30 });
    await page.waitForTimeout(100);
    const lat = await page.evaluate(() => window.__lat ?? []);

    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long?.push(e.duration); }).observe({ type: 'longtask' });
    });
    await page.getByRole('button', { name: 'New tab' }).click();
    await page.getByRole('combobox', { name: 'URL' }).fill(bigUrl);
    const t1 = Date.now();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('group', { name: 'Response body' }).locator('.view-lines .view-line').first().waitFor({ timeout: 60_000 });
    const firstScreen = Date.now() - t1;
    const longest = Math.max(0, ...(await page.evaluate(() => window.__long ?? [])));

    return [
      { name: 'renderer ready (first request tab interactive), median of 3', value: median(ready), unit: 'ms', target: '< 1500 ms', ok: median(ready) < 1500 },
      { name: 'URL bar keystroke latency, 500-request collection, median', value: round(median(lat)), unit: 'ms', target: '< 16 ms', ok: median(lat) < 16 },
      { name: 'URL bar keystroke latency, worst of ' + lat.length, value: round(Math.max(0, ...lat)), unit: 'ms' },
      { name: '50 MB JSON response, first screen', value: firstScreen, unit: 'ms', target: '< 3000 ms', ok: firstScreen < 3000 },
      { name: '50 MB JSON response, longest main-thread task', value: round(longest), unit: 'ms', target: '< 200 ms', ok: longest < 200 },
    ];
  } finally {
    await b.close();
    await bridge.close();
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  }
}
