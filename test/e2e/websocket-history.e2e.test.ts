import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-ws-history-'));
  wss = await startWsServer();
  await saveCollection(join(dir, 'ws', 'sockets'), Collection.parse({
    name: 'Sockets', variables: [{ key: 'ws', value: wss.wsUrl }], settings: { proxy: { mode: 'none' } },
    items: [
      { kind: 'websocket', name: 'Chat', url: '{{ws}}/echo', subprotocols: ['chat.v2'], id: 'chat-1',
        headers: [{ key: 'X-Client', value: 'keyhole-e2e' }],
        messages: [{ name: 'hello', type: 'text', text: 'hello from the file' }] },
    ],
  }));
  app = await openApp(dir);
  page = app.page;
  await app.reset();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await wss?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-websocket-history-${name}.png`) });
const frames = () => page.getByRole('listbox', { name: 'Frames' }).getByRole('option');
const state = () => page.getByRole('status', { name: 'Connection state' });

describe('a WebSocket connection in the History', () => {
  it('is listed once it closes, with its frames, and re-opens as a WebSocket tab with its URL, headers, subprotocol and the messages sent', async () => {
    await page.getByRole('treeitem', { name: 'WS Chat' }).click();
    await page.getByRole('tab', { name: /^WS Chat/, selected: true }).waitFor();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Connected');
    await page.getByRole('group', { name: 'Message' }).locator('.view-lines').click();
    await page.keyboard.insertText('typed in the app');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect.poll(() => frames().filter({ hasText: 'typed in the app' }).count()).toBe(2);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Closed');

    await page.getByRole('tablist', { name: 'Sidebar views' }).getByRole('tab', { name: 'History' }).click();
    const panel = page.getByRole('region', { name: 'History' });
    const entries = panel.getByRole('list', { name: 'History entries' }).getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(1);
    const row = entries.first();
    expect(await row.getByLabel('WebSocket').textContent()).toBe('WS');
    expect(await row.getByLabel('Frames').textContent()).toBe(' 1 sent, 1 received');
    expect(await row.textContent()).toContain(`101`);
    expect(await row.textContent()).toContain(`${wss.wsUrl}/echo`);
    await shot('list');

    const onDisk = JSON.parse(await readFile(join(dir, 'state', 'history.json'), 'utf8')) as { entries: { connection?: { sent: { data: string }[]; close?: { code: number; by: string } } }[] };
    expect(onDisk.entries[0]?.connection?.sent.map((f) => f.data)).toEqual(['typed in the app']);
    expect(onDisk.entries[0]?.connection?.close).toMatchObject({ code: 1000, by: 'client' });

    await row.getByRole('button').first().click();
    await expect.poll(() => page.getByRole('tab', { name: /^WS Chat/ }).count()).toBe(2);
    await page.getByRole('region', { name: 'WebSocket request' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'URL' }).inputValue()).toBe('{{ws}}/echo');
    await page.getByRole('tab', { name: 'Headers' }).click();
    expect(await page.getByRole('textbox', { name: 'Headers value 1' }).inputValue()).toBe('keyhole-e2e');
    await page.getByRole('tab', { name: 'Subprotocols' }).click();
    expect(await page.getByRole('textbox', { name: 'Subprotocols' }).inputValue()).toBe('chat.v2');
    await page.getByRole('tab', { name: /^Saved messages/ }).click();
    const saved = page.getByRole('list', { name: 'Saved messages' }).getByRole('listitem');
    expect(await saved.count()).toBe(2);
    expect(await saved.nth(1).textContent()).toContain('typed in the app');
    expect(await page.getByRole('checkbox', { name: 'Send sent 1 in runs' }).isChecked()).toBe(false);

    // The re-opened tab connects and sends the message again.
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Connected');
    await page.getByRole('button', { name: 'Send sent 1' }).click();
    await expect.poll(() => wss.received.filter((r) => r.data === 'typed in the app').length).toBe(2);
    expect(wss.handshakes.at(-1)?.header('x-client')).toBe('keyhole-e2e');
    await shot('reopened');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => entries.count()).toBe(2);
  });
});
