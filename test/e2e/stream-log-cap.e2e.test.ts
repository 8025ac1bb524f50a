import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveCollection } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { startWsServer, type WsTestServer } from '../servers/websocket';
import { openApp, type AppPage } from './app-page';
import { RESULTS } from './harness';

let dir: string;
let wss: WsTestServer;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-stream-log-'));
  wss = await startWsServer();
  await saveCollection(join(dir, 'ws', 'sockets'), Collection.parse({
    name: 'Sockets', variables: [{ key: 'ws', value: wss.wsUrl }], settings: { proxy: { mode: 'none' } },
    items: [
      { kind: 'websocket', name: 'Flood', url: '{{ws}}/count?n=10050', id: 'flood-1' },
      { kind: 'websocket', name: 'Spill', url: '{{ws}}/count?n=3000', id: 'spill-1', settings: { maxBodyInMemoryBytes: 4096 } },
      { kind: 'websocket', name: 'Echo', url: '{{ws}}/echo', id: 'echo-1', messages: [{ name: 'hi', text: 'hi there' }] },
    ],
  }));
  app = await openApp(dir);
  page = app.page;
}, 120_000);

beforeEach(async () => { await app.reset(); });

afterAll(async () => {
  await app?.close();
  await wss?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-stream-log-${name}.png`) });
const state = () => page.getByRole('status', { name: 'Connection state' });
const notShown = () => page.getByLabel('Not shown');
const count = async (): Promise<number> => Number((await page.getByLabel('Number of frames').textContent())?.split(' ')[0]);

async function connect(name: string): Promise<void> {
  await page.getByRole('treeitem', { name: `WS ${name}` }).click();
  await page.getByRole('tab', { name: new RegExp(`^WS ${name}`), selected: true }).waitFor();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.poll(() => state().textContent()).toBe('Connected');
}

describe('the frame list of a live connection', () => {
  it('keeps the newest 10,000 frames and says how many earlier ones are not shown', async () => {
    await connect('Flood');
    // 10,050 messages and the "Connected" row: 10,051 in the engine's log.
    await expect.poll(() => notShown().textContent(), { timeout: 20_000 }).toBe('51 earlier frames not shown.');
    expect(await count()).toBe(10_000);
    expect(await page.getByRole('listbox', { name: 'Frames' }).getByRole('option').last().textContent()).toContain('{"n":10050}');
    await shot('capped');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });

  it('names the engine\'s log file when the engine let the older frames go from memory', async () => {
    await connect('Spill');
    await expect.poll(async () => (await page.getByRole('listbox', { name: 'Frames' }).getByRole('option').last().textContent()) ?? '', { timeout: 20_000 }).toContain('{"n":3000}');
    const text = (await notShown().textContent()) ?? '';
    const m = /^(\d+) earlier frames not shown; the full log is in (\S+\.jsonl)\.$/.exec(text);
    expect(m).not.toBeNull();
    // What is shown and what is not add up to the whole log, and the file holds all of it.
    expect(Number(m?.[1]) + await count()).toBe(3001);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Closed');
    const lines = (await readFile(m?.[2] ?? '', 'utf8')).trim().split('\n');
    expect(lines.filter((l) => l.includes('"direction":"in"') && l.includes('"type":"text"'))).toHaveLength(3000);
  });

  it('separates each connection of a tab with a "Reconnected at" divider', async () => {
    await connect('Echo');
    await page.getByRole('tab', { name: /^Saved messages/ }).click();
    await page.getByRole('button', { name: 'Send hi' }).click();
    const rows = page.getByRole('listbox', { name: 'Frames' }).getByRole('option');
    await expect.poll(() => rows.filter({ hasText: 'hi there' }).count()).toBe(2);
    await page.getByRole('button', { name: 'Reconnect' }).click();
    // "Connected" is also what the screen says before the click takes effect: wait for the new
    // connection's divider first.
    await expect.poll(() => rows.filter({ hasText: /^Reconnected at \d/ }).count()).toBe(1);
    await expect.poll(() => state().textContent()).toBe('Connected');
    await page.getByRole('button', { name: 'Send hi' }).click();
    await expect.poll(() => rows.filter({ hasText: 'hi there' }).count()).toBe(4);
    const all = await rows.allTextContents();
    const divider = all.findIndex((t) => /^Reconnected at \d/.test(t));
    expect(divider).toBeGreaterThan(0);
    // The first connection (open, out, in, close) above it, the second below.
    expect(all.slice(0, divider).filter((t) => t.includes('hi there'))).toHaveLength(2);
    expect(all.slice(0, divider).some((t) => t.includes('close 1000'))).toBe(true);
    expect(all.slice(divider + 1).filter((t) => t.includes('hi there'))).toHaveLength(2);
    expect(await count()).toBe(all.length - 1);
    await shot('reconnected');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });
});
