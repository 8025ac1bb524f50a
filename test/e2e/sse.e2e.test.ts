import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSseServer, type SseTestServer } from '../servers/sse';
import { openApp, type AppPage } from './app-page';
import { RESULTS } from './harness';

let dir: string;
let sse: SseTestServer;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-sse-'));
  sse = await startSseServer();
  app = await openApp(dir);
  page = app.page;
}, 120_000);

beforeEach(async () => {
  await app.reset();
  await page.getByRole('button', { name: 'New tab' }).click();
});

afterAll(async () => {
  await app?.close();
  await sse?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-sse-${name}.png`) });
const events = () => page.getByRole('listbox', { name: 'Events' }).getByRole('option');

/** These streams end for good: the tab does not reconnect them as EventSource would. */
async function noReconnect(): Promise<void> {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('checkbox', { name: 'Reconnect event streams' }).uncheck();
}

describe('an event stream in the app', () => {
  it('shows each event while the stream is still open, then the finished response opens on its events', async () => {
    await page.getByRole('combobox', { name: 'URL' }).fill(`${sse.url}/gate`);
    await noReconnect();
    await page.getByRole('button', { name: 'Send' }).click();
    // The server holds the stream after its first event until release(): the event is on screen while it is open.
    await events().filter({ hasText: 'before the gate' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Streaming' }).count()).toBe(1);
    await shot('streaming');
    sse.release();
    await page.getByRole('status', { name: 'Response status' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Events', selected: true }).count()).toBe(1);
    expect(await events().count()).toBe(2);
    expect(await events().nth(1).textContent()).toContain('last #2');
  });

  it('shows id, event, data and retry, pretty-prints JSON data, and searches the events', async () => {
    await page.getByRole('combobox', { name: 'URL' }).fill(`${sse.url}/events?count=12&delay=20`);
    await noReconnect();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status', { name: 'Response status' }).waitFor();
    expect(await page.getByLabel('Number of events').textContent()).toBe('12 events');
    await events().first().click();
    const detail = page.getByRole('region', { name: 'Selected message' });
    expect(await detail.textContent()).toMatch(/id 1.*event tick.*retry 2500/);
    expect(await page.getByLabel('Message data').textContent()).toBe('{\n  "n": 1,\n  "text": "event 1"\n}');
    await page.getByRole('searchbox', { name: 'Search events' }).fill('event 11');
    await expect.poll(() => events().count()).toBe(1);
    const sections = page.getByRole('tablist', { name: 'Response sections' });
    await sections.getByRole('tab', { name: 'Body' }).click();
    await expect.poll(async () => (await page.getByLabel('Response body').first().textContent())?.replace(/\u00a0/g, ' ')).toContain('retry: 2500');
    await sections.getByRole('tab', { name: 'Events' }).click();
    await shot('events');
  });

  it('stops an endless stream and keeps what arrived', async () => {
    await page.getByRole('combobox', { name: 'URL' }).fill(`${sse.url}/forever`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => events().count()).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('status', { name: 'Response status' }).waitFor();
    expect(await page.getByLabel('How the stream ended').textContent()).toMatch(/Ended: stopped after \d+ event/);
    expect(await events().count()).toBeGreaterThan(3);
  });

  it('keeps up with 10,000 events and shows them all', async () => {
    await page.getByRole('combobox', { name: 'URL' }).fill(`${sse.url}/events?count=10000&delay=5&per=100`);
    await noReconnect();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status', { name: 'Response status' }).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Number of events').textContent()).toBe('10000 events');
    // Virtualised: the DOM holds the rows in view, not ten thousand.
    expect(await events().count()).toBeLessThan(200);
    await page.getByRole('searchbox', { name: 'Search events' }).fill('event 9999');
    await expect.poll(() => events().count()).toBe(1);
    await shot('10000');
  });

  it('reconnects a stream that ended as EventSource does: "Reconnecting in N s", a divider, Last-Event-ID, and Stop ends it', async () => {
    const before = sse.requests.length;
    await page.getByRole('combobox', { name: 'URL' }).fill(`${sse.url}/events?count=2&retry=1500`);
    await page.getByRole('button', { name: 'Send' }).click();
    const state = page.getByRole('status', { name: 'Stream state' });
    await expect.poll(() => state.textContent()).toMatch(/^Reconnecting in [12] s/);
    await shot('reconnecting');
    await expect.poll(() => events().filter({ hasText: 'event 4' }).count(), { timeout: 10_000 }).toBe(1);
    const rows = await events().allTextContents();
    const divider = rows.findIndex((t) => /^Reconnected at \d.* \(attempt 1\), Last-Event-ID: 2$/.test(t));
    expect(divider).toBeGreaterThan(0);
    expect(rows.slice(0, divider).filter((t) => t.includes('tick #'))).toHaveLength(2);
    expect(rows.slice(divider + 1).filter((t) => t.includes('tick #'))).toHaveLength(2);
    expect(sse.requests.slice(before).map((r) => r.header('last-event-id')).slice(0, 2)).toEqual([undefined, '2']);
    await shot('reconnected');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('status', { name: 'Response status' }).waitFor();
    expect(await page.getByLabel('How the stream ended').textContent()).toMatch(/^Ended: stopped/);
    expect(Number((await page.getByLabel('Number of events').textContent())?.split(' ')[0])).toBeGreaterThanOrEqual(4);
  });

  it('NDJSON lines show the same way', async () => {
    await page.getByRole('combobox', { name: 'URL' }).fill(`${sse.url}/ndjson?count=4&delay=10`);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status', { name: 'Response status' }).waitFor();
    expect(await page.getByLabel('Number of lines').textContent()).toBe('4 lines');
  });
});
