import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { grpcJwt, startGrpcServer, type GrpcTestServer } from '../servers/grpc';
import { openApp, type AppPage } from './app-page';
import { RESULTS } from './harness';
import { valueOf } from './kit';

/**
 * gRPC calls made in the app, as a Postman or Insomnia user expects of any request: listed in the
 * History with their method path and status name, re-opened with the call as it was recorded
 * (masked: no secret in the history file), and played with the test script typed in the editor,
 * its results in the response's Tests tab.
 */

let dir: string;
let ws: string;
let server: GrpcTestServer;
let app: AppPage;
let page: Page;
let adminToken: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-grpc-history-'));
  server = await startGrpcServer();
  adminToken = await grpcJwt({ scope: 'read admin', sub: 'ada' });
  ws = join(dir, 'ws');
  const secrets = new MemorySecretStore();
  const calls = join(ws, 'calls');
  await saveCollection(calls, Collection.parse({
    name: 'Calls', variables: [{ key: 'grpc', value: server.url }], profiles: [{ name: 'Admin' }],
    items: [
      { kind: 'grpc', name: 'Whoami', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/Whoami', id: 'gwhoami001', auth: { type: 'profile', profile: 'Admin' } },
      { kind: 'grpc', name: 'Anonymous', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/Whoami', id: 'ganon00001', auth: { type: 'none' } },
      { kind: 'grpc', name: 'Chat', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/Chat', id: 'gchat00001' },
      { kind: 'grpc', name: 'Hello', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/SayHello', id: 'ghello0001', messages: [{ name: 'message', text: '{"name": "Ada"}' }] },
    ],
  }));
  await saveEnvironment(calls, { name: 'Local', variables: [], profiles: { Admin: { type: 'bearer', token: adminToken, prefix: 'Bearer' } } }, secrets);
  app = await openApp(dir, { secrets });
  page = app.page;
  page.setDefaultTimeout(15_000);
  await app.reset();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-grpc-history-${name}.png`) });
const log = () => page.getByRole('listbox', { name: 'Messages' }).getByRole('option');
const callState = () => page.getByRole('status', { name: 'Call state' });
const grpcStatus = () => page.getByRole('status', { name: 'gRPC status' });

async function open(name: string): Promise<void> {
  await page.getByRole('tablist', { name: 'Sidebar views' }).getByRole('tab', { name: /^Requests/ }).click();
  await page.getByRole('treeitem', { name: `gRPC ${name}` }).getByText(name, { exact: true }).dblclick();
  await page.getByRole('tab', { name: new RegExp(`^gRPC ${name}`), selected: true }).waitFor();
}

/** Replaces the text of a Monaco editor (found by its group's name) as a user does: select all, delete, type. */
async function typeIn(group: string, text: string): Promise<void> {
  await page.getByRole('group', { name: group }).locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  // insertText types as a paste does: no auto-closed brackets doubling what is typed.
  await page.keyboard.insertText(text);
}

describe('gRPC calls in the History', () => {
  it('lists unary and streaming calls with method path and status name, keeps no secret, and re-opens one with its call as recorded', async () => {
    await open('Whoami');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');
    await open('Anonymous');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('16 UNAUTHENTICATED');
    await open('Chat');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => callState().textContent()).toBe('Open');
    await typeIn('Message', '{"text": "one"}');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect.poll(() => log().filter({ hasText: 'echo: one' }).count()).toBe(1);
    await page.getByRole('button', { name: 'End', exact: true }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');

    await page.getByRole('tablist', { name: 'Sidebar views' }).getByRole('tab', { name: 'History' }).click();
    const panel = page.getByRole('region', { name: 'History' });
    const entries = panel.getByRole('list', { name: 'History entries' }).getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(3);
    const [chat, anonymous, whoami] = [entries.nth(0), entries.nth(1), entries.nth(2)];
    expect(await chat.getByLabel('gRPC status').textContent()).toBe('OK');
    expect(await chat.getByLabel('gRPC', { exact: true }).textContent()).toBe('gRPC');
    expect(await chat.getByLabel('Messages').textContent()).toBe(' 1 sent, 1 received');
    expect(await chat.textContent()).toContain('keyhole.greeter.v1.Greeter/Chat');
    expect(await chat.getByRole('button').first().getAttribute('title')).toContain(`${server.url}/keyhole.greeter.v1.Greeter/Chat`);
    expect(await anonymous.getByLabel('gRPC status').textContent()).toBe('UNAUTHENTICATED');
    expect(await whoami.getByLabel('gRPC status').textContent()).toBe('OK');
    expect(await whoami.textContent()).toContain('keyhole.greeter.v1.Greeter/Whoami');
    // No "Copy as cURL" for a gRPC call: curl cannot make it.
    expect(await whoami.getByRole('button', { name: 'Copy as cURL' }).count()).toBe(0);
    await panel.getByRole('searchbox', { name: 'Search history' }).fill('unauthenticated');
    await expect.poll(() => entries.count()).toBe(1);
    await panel.getByRole('searchbox', { name: 'Search history' }).fill('');
    await expect.poll(() => entries.count()).toBe(3);
    await shot('list');

    // On disk: the calls with their methods and statuses, the token nowhere (not even in the metadata sent).
    const onDisk = await readFile(join(dir, 'state', 'history.json'), 'utf8');
    expect(onDisk).toContain('keyhole.greeter.v1.Greeter/Whoami');
    expect(onDisk).toContain('"name":"UNAUTHENTICATED"');
    expect(onDisk).toContain('echo: one');
    expect(onDisk).not.toContain(adminToken);
    expect(onDisk).not.toContain(adminToken.split('.')[2]);

    // Opened: a new gRPC tab with the request as composed and the call as it was recorded.
    await whoami.getByRole('button').first().click();
    await expect.poll(() => page.getByRole('tab', { name: /^gRPC Whoami/ }).count()).toBe(2);
    await page.getByRole('region', { name: 'gRPC request' }).waitFor();
    expect(await valueOf(page.getByRole('combobox', { name: 'Method' }))).toBe('keyhole.greeter.v1.Greeter/Whoami');
    expect(await page.getByRole('note', { name: 'Recorded call' }).textContent()).toContain('Recorded in the history');
    expect(await grpcStatus().textContent()).toBe('0 OK');
    expect(await callState().textContent()).toBe('Ended');
    expect(await log().filter({ has: page.getByLabel('received') }).filter({ hasText: '"subject":"ada"' }).count()).toBe(1);
    await page.getByText(/^Metadata sent \(\d+\), response headers/).click();
    const sentMeta = page.getByRole('table', { name: 'Metadata sent' });
    const authorization = sentMeta.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'authorization' }) });
    expect(await authorization.textContent()).toMatch(/Bearer/);
    expect(await sentMeta.textContent()).not.toContain(adminToken);
    await shot('reopened');

    // The re-opened request calls again with its profile's token.
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => page.getByRole('note', { name: 'Recorded call' }).count()).toBe(0);
    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');
    expect(server.calls.at(-1)?.metadata.authorization).toBe(`Bearer ${adminToken}`);
    await expect.poll(() => entries.count()).toBe(4);
  });
});

describe('gRPC test scripts in the app', () => {
  it('runs the test script typed in the editor when the call is invoked and shows passed and failed tests', async () => {
    await open('Hello');
    await page.getByRole('tab', { name: 'Scripts' }).click();
    await page.getByRole('radio', { name: /^Tests/ }).check();
    await typeIn('Tests script', [
      "pm.test('greets Ada', () => pm.expect(pm.response.messages[0].json().message).to.equal('Hello Ada'));",
      "pm.test('status is PERMISSION_DENIED', () => pm.expect(pm.response.grpc.status.name).to.equal('PERMISSION_DENIED'));",
    ].join('\n'));
    await expect.poll(() => page.getByRole('radio', { name: /^Tests •/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');
    const response = page.getByRole('region', { name: 'Response' });
    await response.getByRole('tab', { name: /^Tests \(1\/2\)/ }).click();
    const results = page.getByRole('list', { name: 'Test results' }).getByRole('listitem');
    await expect.poll(() => results.allTextContents()).toEqual([
      'PASS greets Ada',
      expect.stringMatching(/^FAIL status is PERMISSION_DENIED — .*expected 'OK' to equal 'PERMISSION_DENIED'/),
    ]);
    await shot('tests');
    // The messages are one click away.
    await response.getByRole('tab', { name: 'Messages' }).click();
    expect(await log().filter({ hasText: 'Hello Ada' }).count()).toBe(1);
  });
});
