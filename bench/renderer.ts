import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWeb } from '../electron/bridge';
import { saveCollection } from '../electron/engine/workspace';
import { Collection } from '../shared/model';
import { ensureRendererBuilt, launchChromium as launch } from '../test/e2e/browser';
import type { BrowserContext } from 'playwright-core';
import { median, round, typeAndMeasure } from './keystrokes';
import type { BenchFigure } from './measure';
import { benchWorkbench } from './renderer-work';

declare global { interface Window { __long?: number[] } }

/**
 * The renderer's speed targets, measured in Debian's Chromium through playwright-core against the
 * browser bridge: time to the first interactive request tab, URL-bar keystroke latency with a
 * 500-request collection open, the first screen of a 4.4 MB and a 50 MB JSON response with the
 * longest main-thread task seen meanwhile (PerformanceObserver 'longtask'), each beside a bare
 * page in the same browser; then the workbench case (renderer-work.ts).
 */
export async function benchRenderer(o: { staticDir?: string | undefined } = {}): Promise<BenchFigure[]> {
  if (o.staticDir === undefined) await ensureRendererBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-renderer-'));
  const items = Array.from({ length: 500 }, (_, i) => ({ kind: 'request' as const, name: `Request ${i}`, method: 'GET', url: `{{base}}/items/${i}` }));
  await saveCollection(join(dir, 'ws', 'big'), Collection.parse({ name: 'Big', items }));
  const record = JSON.stringify({ id: 0, name: 'record', payload: 'x'.repeat(200) });
  const jsonOf = (mb: number): Buffer => Buffer.from(`[${new Array(Math.ceil((mb * 1024 * 1024) / (record.length + 1))).fill(record).join(',')}]`);
  const bodies: Record<string, Buffer> = { '/big.json': jsonOf(50), '/mid.json': jsonOf(4.4) };
  // When the server handed each body's last byte to the socket: the response has arrived from then on.
  const served = new Map<string, number>();
  const server = createServer((q, res) => {
    const body = bodies[q.url ?? ''] ?? Buffer.alloc(0);
    // The bare page fetches from its own blank origin.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'access-control-allow-origin': '*' });
    res.on('finish', () => served.set(q.url ?? '', Date.now()));
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const bigUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.json`;
  const bridge = await startWeb({ workspaceRoot: join(dir, 'ws'), ...(o.staticDir === undefined ? {} : { staticDir: o.staticDir }) });
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
    const typed = await typeAndMeasure(page);
    const lat = typed.lat;
    const work = typed.work;
    // The same measure on a bare <input> in the same browser: no app, no work, only the wait for
    // the next frame (0-16.7 ms at 60 Hz, whatever the app does) and the machine's noise.
    const bare = await b.context.newPage();
    await bare.setContent('<input aria-label="URL" style="width:600px">');
    await bare.getByLabel('URL').click();
    const floor = (await typeAndMeasure(bare)).lat;
    await bare.close();

    // Send to the body's virtualised view (features/response/RawView) showing its first lines, and
    // the longest main-thread task meanwhile.
    const openBody = async (url: string): Promise<{ fromSend: number; fromArrival: number; status: number; longest: number }> => {
      await page.evaluate(() => {
        window.__long = [];
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long?.push(e.duration); }).observe({ type: 'longtask' });
      });
      await page.getByRole('button', { name: 'New tab' }).click();
      await page.getByRole('combobox', { name: 'URL' }).fill(url);
      const path = new URL(url).pathname;
      served.delete(path);
      const t1 = Date.now();
      await page.getByRole('button', { name: 'Send' }).click();
      // The body view appears with the SendResult, before its first lines.
      await page.locator('.body-view').waitFor({ timeout: 60_000 });
      const tStatus = Date.now();
      await page.getByRole('list', { name: 'Response body' }).locator('.line').first().filter({ hasText: /\S/ }).waitFor({ timeout: 60_000 });
      const t2 = Date.now();
      // Pretty-printing finishes in the worker: its long tasks count too.
      await page.getByText('Formatting…').waitFor({ state: 'hidden', timeout: 60_000 });
      return { fromSend: t2 - t1, fromArrival: t2 - (served.get(path) ?? t1), status: tStatus - t1, longest: Math.max(0, ...(await page.evaluate(() => window.__long ?? []))) };
    };
    const midUrl = bigUrl.replace('/big.json', '/mid.json');
    const mid = await openBody(midUrl);
    const big = await openBody(bigUrl);
    const bareMid = await barePage(b.context, midUrl);
    const bareBig = await barePage(b.context, bigUrl);
    const bodyFigures = (label: string, r: typeof mid, bare: number): BenchFigure[] => [
      { name: `${label} JSON response, first screen after the response arrived`, value: r.fromArrival, unit: 'ms', target: '< 1500 ms', ok: r.fromArrival < 1500 },
      { name: `${label} JSON response, Send to first screen`, value: r.fromSend, unit: 'ms' },
      { name: `${label}   of which Send to the response in the page (engine, bridge)`, value: r.status, unit: 'ms' },
      { name: `${label}   bare page: fetch the body, show its first lines`, value: round(bare), unit: 'ms' },
      { name: `${label} JSON response, longest main-thread task until formatted`, value: round(r.longest), unit: 'ms', target: '< 200 ms', ok: r.longest < 200 },
    ];

    return [
      { name: 'renderer ready (first request tab interactive), median of 3', value: median(ready), unit: 'ms', target: '< 1500 ms', ok: median(ready) < 1500 },
      { name: 'URL bar keystroke work (input + next frame), 500 requests, median', value: round(median(work)), unit: 'ms', target: '< 16 ms', ok: median(work) < 16 },
      { name: `URL bar keystroke work (input + next frame), worst of ${work.length}`, value: round(Math.max(0, ...work)), unit: 'ms', target: '< 16 ms', ok: Math.max(0, ...work) < 16 },
      { name: 'URL bar keystroke to painted, incl. frame wait, median', value: round(median(lat)), unit: 'ms', target: '< 16 ms', ok: median(lat) < 16 },
      { name: `URL bar keystroke to painted, incl. frame wait, worst of ${lat.length}`, value: round(Math.max(0, ...lat)), unit: 'ms' },
      { name: 'the same on a bare <input> (frame-wait floor), median', value: round(median(floor)), unit: 'ms' },
      { name: `the same on a bare <input> (frame-wait floor), worst of ${floor.length}`, value: round(Math.max(0, ...floor)), unit: 'ms' },
      ...bodyFigures('4.4 MB', mid, bareMid),
      ...bodyFigures('50 MB', big, bareBig),
      ...(await benchWorkbench({ staticDir: o.staticDir })),
    ];
  } finally {
    await b.close();
    await bridge.close();
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The floor of a body's first screen in this browser at this moment: a bare page fetches the same
 * body from the same server (the whole of it, as the engine does) and shows its first 256 KB.
 */
async function barePage(context: BrowserContext, url: string): Promise<number> {
  const bare = await context.newPage();
  try {
    await bare.setContent('<pre id="body"></pre>');
    return await bare.evaluate((u) => new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      fetch(u).then((r) => r.arrayBuffer()).then((buf) => {
        (document.getElementById('body') as HTMLElement).textContent = new TextDecoder().decode(new Uint8Array(buf, 0, Math.min(buf.byteLength, 256 * 1024)));
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      }, reject);
    }), url);
  } finally {
    await bare.close();
  }
}

// `npx tsx bench/renderer.ts`: this bench alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  // KEYHOLE_BENCH_STATIC: a saved build to measure instead (to compare before/after a change).
  for (const f of await benchRenderer({ staticDir: process.env.KEYHOLE_BENCH_STATIC })) {
    process.stdout.write(`${f.name.padEnd(66)} ${String(f.value).padStart(12)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED'}\n`);
  }
}
