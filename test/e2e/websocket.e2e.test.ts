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
import { choose } from './kit';

let dir: string;
let wss: WsTestServer;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-ws-'));
  wss = await startWsServer();
  await saveCollection(join(dir, 'ws', 'sockets'), Collection.parse({
    name: 'Sockets', variables: [{ key: 'ws', value: wss.wsUrl }], settings: { proxy: { mode: 'none' } },
    items: [
      { kind: 'websocket', name: 'Chat', url: '{{ws}}/echo', subprotocols: ['chat.v2'], id: 'chat-1',
        messages: [{ name: 'hello', type: 'json', text: '{"op":"hello","n":1}' }] },
      { kind: 'websocket', name: 'Guarded', url: '{{ws}}/bearer', id: 'guarded-1' },
      { kind: 'websocket', name: 'Policy', url: '{{ws}}/policy', id: 'policy-1' },
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

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-websocket-${name}.png`) });
const frames = () => page.getByRole('listbox', { name: 'Frames' }).getByRole('option');
const state = () => page.getByRole('status', { name: 'Connection state' });

async function open(name: string): Promise<void> {
  await page.getByRole('treeitem', { name: `WS ${name}` }).click();
  // A tab of an earlier test may come back with the session: wait for this request's own.
  await page.getByRole('tab', { name: new RegExp(`^WS ${name}`), selected: true }).waitFor();
}

describe('a WebSocket request in the app', () => {
  it('connects, sends typed and saved messages, shows every frame with time, size and direction, pings, filters and disconnects', async () => {
    await open('Chat');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Connected');
    expect(await page.getByLabel('Subprotocol').textContent()).toContain('chat.v2');

    // A typed text message, through the composer (Monaco).
    await page.getByRole('group', { name: 'Message' }).locator('.view-lines').click();
    await page.keyboard.insertText('hi from the app');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect.poll(() => frames().filter({ hasText: 'hi from the app' }).count()).toBe(2);
    expect(await frames().filter({ hasText: 'hi from the app' }).first().getByLabel('sent').count()).toBe(1);
    expect(await frames().filter({ hasText: 'hi from the app' }).last().getByLabel('received').count()).toBe(1);
    expect(await frames().filter({ hasText: 'hi from the app' }).first().textContent()).toMatch(/\d+\.\d{3}s↑text15 B/);
    // Ctrl+Enter in the composer sends what it holds, as Send message does.
    await page.getByRole('group', { name: 'Message' }).locator('.view-lines').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('sent with ctrl enter');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => frames().filter({ hasText: 'sent with ctrl enter' }).count()).toBe(2);

    // A saved JSON message, sent from the list.
    await page.getByRole('tab', { name: /^Saved messages/ }).click();
    await page.getByRole('button', { name: 'Send hello' }).click();
    await expect.poll(() => frames().filter({ hasText: '"op":"hello"' }).count()).toBe(2);
    expect(wss.received.filter((r) => r.path === '/echo').map((r) => r.data)).toEqual(['hi from the app', 'sent with ctrl enter', '{"op":"hello","n":1}']);

    await page.getByRole('button', { name: 'Ping' }).click();
    await expect.poll(() => frames().filter({ hasText: 'pong' }).count()).toBe(1);

    // Only what was received, and a search.
    await choose(page.getByRole('combobox', { name: 'Show' }), 'in');
    await page.getByRole('searchbox', { name: 'Search frames' }).fill('hello');
    await expect.poll(() => frames().count()).toBe(1);
    await frames().first().click();
    expect(await page.getByLabel('Message data').textContent()).toBe('{\n  "op": "hello",\n  "n": 1\n}');
    await shot('open');

    await choose(page.getByRole('combobox', { name: 'Show' }), 'all');
    await page.getByRole('searchbox', { name: 'Search frames' }).fill('');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Closed');
    expect(await page.getByLabel('How it closed').textContent()).toBe('closed by the client: 1000');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Connected');
    // The log runs on across a reconnect: two opens, one close.
    await expect.poll(() => frames().filter({ hasText: 'Connected to' }).count()).toBe(2);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Closed');
  });

  it('explains a refused handshake in the inspector, and connects once the token is set', async () => {
    await open('Guarded');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Why 401?' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'refused the WebSocket handshake' }).count()).toBe(1);
    expect(await page.getByRole('status', { name: 'Response status' }).textContent()).toBe('401 Unauthorized');
    const first = page.getByRole('complementary', { name: 'Inspector' }).locator('[data-finding]').first();
    expect(await first.getAttribute('data-finding')).toBe('no-credentials');
    await shot('refused');

    await page.getByRole('tab', { name: 'Auth' }).click();
    await choose(page.getByRole('combobox', { name: 'Request auth type' }), 'bearer');
    await page.getByLabel('Request auth Token').fill('ws-good-token-0123456789');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Connected');
    expect(wss.handshakes.at(-1)?.header('authorization')).toBe('Bearer ws-good-token-0123456789');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });

  it('explains a 1008 close after the handshake like a refusal', async () => {
    await open('Policy');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => state().textContent()).toBe('Closed');
    expect(await page.getByLabel('How it closed').textContent()).toBe('closed by the server: 1008 "token required"');
    await page.getByRole('heading', { name: 'Why 1008?' }).waitFor();
    const evidence = await page.getByRole('complementary', { name: 'Inspector' }).locator('[data-finding]').first().textContent();
    expect(evidence).toContain('closed it with 1008 (policy violation): "token required"');
    await shot('policy-close');
  });

  it('creates a WebSocket request that is saved as a readable file in the collection folder', async () => {
    await page.getByRole('button', { name: 'New WebSocket' }).click();
    await page.getByRole('tab', { name: /^WS New WebSocket/, selected: true }).waitFor();
    await page.getByRole('combobox', { name: 'URL' }).fill('{{ws}}/greet');
    await page.getByRole('tab', { name: 'Subprotocols' }).click();
    await page.getByRole('textbox', { name: 'Subprotocols' }).fill('chat.v1');
    await page.getByRole('textbox', { name: 'Subprotocols' }).blur();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => frames().filter({ hasText: 'hello' }).count()).toBe(1);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(1);
    const text = await readFile(join(dir, 'ws', 'sockets', 'new-websocket.request.yaml'), 'utf8');
    expect(text).toMatch(/^kind: websocket\nname: New WebSocket\nurl: "\{\{ws\}\}\/greet"\nsubprotocols:\n {2}- chat\.v1\n/);
    await shot('new');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });
});
