import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startWeb } from '../electron/bridge';
import { openSession } from '../electron/engine/session';
import { Collection, WebSocketRequest } from '../shared/model';
import { startSseServer } from '../test/servers/sse';
import { ensureRendererBuilt, launchChromium as launch } from '../test/e2e/browser';
import { median, type BenchFigure } from './measure';

const round1 = (n: number): number => Math.round(n * 10) / 10;

async function echoServer(): Promise<{ url: string; child: ChildProcess }> {
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const child = spawn(process.execPath, [tsx, fileURLToPath(new URL('./ws-echo-server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (c: Buffer) => resolve(c.toString('utf8').trim()));
    child.once('exit', (code) => reject(new Error(`echo server exited ${code}`)));
  });
  return { url: `ws://127.0.0.1:${port}`, child };
}

/** Round trips per second with a bare `ws` client: send, wait for the echo, again. */
async function bareLoop(url: string, n: number): Promise<number> {
  const ws = new WebSocket(url);
  await new Promise((r) => ws.once('open', r));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const echoed = new Promise((r) => ws.once('message', r));
    ws.send(`message ${i}`);
    await echoed;
  }
  const s = (performance.now() - t0) / 1000;
  ws.close();
  return n / s;
}

/**
 * The same through Keyhole's engine, as the app's Send does it: the message's {{variables}}
 * resolved, sent on the session's connection, every frame logged (and masked) on its way in.
 */
async function keyholeLoop(url: string, n: number): Promise<number> {
  const collection = Collection.parse({ name: 'bench', variables: [{ key: 'ws', value: url }], settings: { proxy: { mode: 'none' } } });
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-ws-'));
  const session = await openSession({ collection, secrets: { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' }, tempDir: dir, env: {} });
  const opened = await session.connect(WebSocketRequest.parse({ kind: 'websocket', name: 'echo', url: '{{ws}}' }));
  const conn = opened.connection;
  if (!conn) throw new Error('the bench echo server refused the handshake');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const echoed = conn.waitFor(conn.received + 1, undefined);
    await conn.send(await opened.resolve({ name: 'm', type: 'text', text: `message ${i}`, enabled: true }));
    await echoed;
  }
  const s = (performance.now() - t0) / 1000;
  await conn.close();
  await session.close();
  await rm(dir, { recursive: true, force: true });
  return n / s;
}

async function benchWebSocket(n = 5_000, rounds = 5): Promise<BenchFigure[]> {
  const { url, child } = await echoServer();
  try {
    // Untimed warm-up on both sides: the ratio is about the steady cost per round trip.
    await bareLoop(url, 1_000);
    await keyholeLoop(url, 1_000);
    const bare: number[] = [];
    const keyhole: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const b = await bareLoop(url, n);
      const k = await keyholeLoop(url, n);
      bare.push(b);
      keyhole.push(k);
      ratios.push(b / k);
    }
    const ratio = median(ratios);
    return [
      { name: `WebSocket echo, bare ws client, round trips/s (median of ${rounds})`, value: Math.round(median(bare)), unit: 'rt/s' },
      { name: `WebSocket echo, through Keyhole's engine, round trips/s`, value: Math.round(median(keyhole)), unit: 'rt/s' },
      { name: 'WebSocket echo, Keyhole slower than bare ws by', value: Math.round(ratio * 100) / 100, unit: 'x', target: '<= 1.5x', ok: ratio <= 1.5 },
    ];
  } finally {
    child.kill();
  }
}

/**
 * 10,000 Server-Sent Events (100 every 5 ms, as an LLM streams) into the app in Chromium, through
 * the browser bridge: every event on screen, and the longest main-thread task meanwhile
 * (PerformanceObserver 'longtask'), from Send until the finished response shows them all.
 */
async function benchSseRender(count = 10_000): Promise<BenchFigure[]> {
  await ensureRendererBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-sse-'));
  const sse = await startSseServer();
  const bridge = await startWeb({ workspaceRoot: join(dir, 'ws') });
  const b = await launch();
  try {
    const page = await b.context.newPage();
    await page.goto(bridge.url);
    // The app reconnects a stream that ends, as EventSource does: the server's 204 to the
    // reconnection (Last-Event-ID = count) says there is no more, and the send completes.
    await page.getByRole('combobox', { name: 'URL' }).fill(`${sse.url}/events?count=${count}&delay=5&per=100&retry=10&last=${count}`);
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push(e.duration); }).observe({ type: 'longtask' });
    });
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('listbox', { name: 'Events' }).getByRole('option').first().waitFor({ timeout: 60_000 });
    const firstEvent = Date.now() - t0;
    await page.getByLabel('Number of events').filter({ hasText: `${count} events` }).waitFor({ timeout: 120_000 });
    await page.getByRole('status', { name: 'Response status' }).waitFor({ timeout: 120_000 });
    const all = Date.now() - t0;
    await page.waitForTimeout(300);
    const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
    const longest = Math.max(0, ...long);
    // The observer must see a long task when there is one, or "none" would prove nothing.
    // (In a task of the page's own: code run by page.evaluate is not attributed as a task.)
    await page.evaluate(() => { setTimeout(() => { const t = performance.now(); while (performance.now() - t < 120) { /* busy */ } }, 0); });
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.length > 0);
    return [
      { name: `SSE ${count} events in the app, first event on screen`, value: firstEvent, unit: 'ms' },
      { name: `SSE ${count} events in the app, all on screen and the response done`, value: all, unit: 'ms' },
      { name: `SSE ${count} events in the app, long tasks (> 50 ms)`, value: long.length, unit: '' },
      { name: `SSE ${count} events in the app, longest main-thread task`, value: round1(longest), unit: 'ms', target: '< 200 ms', ok: longest < 200 && seen },
      { name: 'the longtask observer saw a 120 ms task made on purpose after it', value: seen ? 1 : 0, unit: '', target: '1', ok: seen },
    ];
  } finally {
    await b.close();
    await bridge.close();
    await sse.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Issue 19's targets: WebSocket echo through the engine vs a bare `ws` loop, and a 10,000-event stream in the GUI. */
export async function benchStreams(): Promise<BenchFigure[]> {
  return [...await benchWebSocket(), ...await benchSseRender()];
}

// `npx tsx bench/streams.ts`: this bench alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchStreams()) {
    process.stdout.write(`${f.name.padEnd(66)} ${String(f.value).padStart(10)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED'}\n`);
  }
  process.exit(0);
}
