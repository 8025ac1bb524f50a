import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startWeb } from '../electron/bridge';
import { saveCollection } from '../electron/engine/workspace';
import { Collection } from '../shared/model';
import { ensureRendererBuilt, launchChromium } from '../test/e2e/browser';
import { choose } from '../test/e2e/kit';
import { median, round, typeAndMeasure } from './keystrokes';
import type { BenchFigure } from './measure';

/**
 * The workbench under a day's load: keystroke work in the URL bar and in the body editor with 20
 * tabs open and a 5,000-request collection in the sidebar, and the JSON tree expanding nodes of a
 * body with 100,000-child arrays and objects. Its own workspace and bridge, so the renderer
 * bench's first figures keep their 500-request workspace.
 */
export async function benchWorkbench(o: { staticDir?: string | undefined } = {}): Promise<BenchFigure[]> {
  if (o.staticDir === undefined) await ensureRendererBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-workbench-'));
  const items = Array.from({ length: 5000 }, (_, i) => ({ kind: 'request' as const, name: `Request ${i}`, method: 'POST', url: `{{base}}/items/${i}` }));
  await saveCollection(join(dir, 'ws', 'huge'), Collection.parse({ name: 'Huge', items }));
  const wide = JSON.stringify({
    array: Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `item-${i}` })),
    object: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key-${i}`, { id: i }])),
    nested: { a: { b: { c: [1, 2, 3] } } },
  });
  const server = createServer((_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(wide) });
    res.end(wide);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const bridge = await startWeb({ workspaceRoot: join(dir, 'ws'), ...(o.staticDir === undefined ? {} : { staticDir: o.staticDir }) });
  const b = await launchChromium();
  try {
    const page = await b.context.newPage();
    await page.goto(bridge.url);
    await page.getByRole('button', { name: 'Send' }).waitFor();
    // 20 pinned tabs (a double click keeps a tab), the last one active.
    for (let i = 0; i < 20; i++) {
      await page.getByRole('treeitem', { name: `POST Request ${i}` }).getByText(`Request ${i}`, { exact: true }).dblclick();
      await page.getByRole('tab', { name: new RegExp(`POST Request ${i}\\b`), selected: true }).waitFor();
    }
    const tabs = await page.getByRole('tab', { name: /^POST Request/ }).count();
    await page.getByRole('combobox', { name: 'URL' }).click();
    const url = await typeAndMeasure(page);
    await page.getByRole('tab', { name: 'Body', exact: true }).click();
    await choose(page.getByRole('combobox', { name: 'Body type' }), 'json');
    const editor = page.getByRole('group', { name: 'Request body' });
    await editor.locator('.monaco-editor').waitFor();
    await editor.locator('.view-lines').click();
    const body = await typeAndMeasure(page, '{"query": "keyhole latency", "page": 1}');

    await page.getByRole('combobox', { name: 'URL' }).fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/wide.json`);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('radio', { name: 'tree' }).check({ timeout: 60_000 });
    const tree = page.getByRole('tree', { name: 'JSON tree' });
    await tree.getByRole('button', { name: 'Expand array' }).waitFor();
    const expandArray = await expandTime(page, 'Expand array', '[199]');
    const expandObject = await expandTime(page, 'Expand object', 'key-199');
    const expandNested = await expandTime(page, 'Expand nested', 'a');
    const expandRecord = await expandTime(page, 'Expand [150]', 'name');
    const more = await expandTime(page, 'Show 200 more of 99800', '[399]');

    const fig = (name: string, xs: number[]): BenchFigure[] => [
      { name: `${name}, median`, value: round(median(xs)), unit: 'ms', target: '< 16 ms', ok: median(xs) < 16 },
      { name: `${name}, worst of ${xs.length}`, value: round(Math.max(0, ...xs)), unit: 'ms' },
    ];
    return [
      { name: 'workbench: tabs open / requests in the sidebar', value: tabs, unit: `tabs / ${items.length}`, target: '20', ok: tabs === 20 },
      ...fig('URL bar keystroke work (input + next frame), 20 tabs, 5,000 requests', url.work),
      { name: 'URL bar keystroke to painted, incl. frame wait, median', value: round(median(url.lat)), unit: 'ms' },
      ...fig('body editor keystroke work (input + next frame), 20 tabs, 5,000 requests', body.work),
      { name: 'body editor keystroke to painted, incl. frame wait, median', value: round(median(body.lat)), unit: 'ms' },
      { name: 'JSON tree: expand a 100,000-element array (first 200 shown)', value: round(expandArray), unit: 'ms', target: '< 100 ms', ok: expandArray < 100 },
      { name: 'JSON tree: expand a 100,000-key object (first 200 shown)', value: round(expandObject), unit: 'ms', target: '< 100 ms', ok: expandObject < 100 },
      { name: 'JSON tree: next page of 200 of the 100,000-element array', value: round(more), unit: 'ms', target: '< 100 ms', ok: more < 100 },
      { name: 'JSON tree: expand a small nested object', value: round(expandNested), unit: 'ms', target: '< 100 ms', ok: expandNested < 100 },
      { name: 'JSON tree: expand one record of the array', value: round(expandRecord), unit: 'ms', target: '< 100 ms', ok: expandRecord < 100 },
    ];
  } finally {
    await b.close();
    await bridge.close();
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Click on a tree button to the child `shown` painted, timed in the page: from the click to the
 * task after the frame that first holds the child (the worker's answer and React's render
 * included), with no round trip to the driver in between.
 */
async function expandTime(page: Page, button: string, shown: string): Promise<number> {
  const tree = page.getByRole('tree', { name: 'JSON tree' });
  await tree.getByRole('button', { name: button, exact: true }).first().waitFor();
  return page.evaluate(([label, child]) => new Promise<number>((resolve, reject) => {
    const root = document.querySelector('[aria-label="JSON tree"]');
    const btn = [...(root?.querySelectorAll('button') ?? [])].find((x) => x.getAttribute('aria-label') === label || x.textContent === label);
    if (!root || !btn) { reject(new Error(`no button ${label}`)); return; }
    // (No named function in here: tsx would wrap it in a helper the page does not have.)
    const sel = `[role="treeitem"][aria-label="${child}"]`;
    const before = root.querySelectorAll(sel).length;
    const t0 = performance.now();
    const mo = new MutationObserver(() => {
      if (root.querySelectorAll(sel).length <= before) return;
      mo.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    });
    mo.observe(root, { childList: true, subtree: true });
    btn.click();
    setTimeout(() => { mo.disconnect(); reject(new Error(`${child} never showed`)); }, 30_000);
  }), [button, shown] as const);
}

// `npx tsx bench/renderer-work.ts`: this case alone (after `npm run build:renderer`).
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchWorkbench({ staticDir: process.env.KEYHOLE_BENCH_STATIC })) {
    process.stdout.write(`${f.name.padEnd(76)} ${String(f.value).padStart(10)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED'}\n`);
  }
}
