import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { GRPC_PROTO_DIR, grpcJwt, startGrpcServer, type GrpcTestServer } from '../servers/grpc';
import { axeViolations } from './axe';
import { openApp, type AppPage } from './app-page';
import { RESULTS } from './harness';
import { choose, optionLabels, valueOf } from './kit';

/**
 * #19 §4 in the app: a gRPC request made, described by reflection or by .proto files, invoked in
 * each call kind against the real local gRPC server, its refusals explained by the inspector, and
 * saved as a readable file with no credential in it.
 */

let dir: string;
let ws: string;
let server: GrpcTestServer;
let app: AppPage;
let page: Page;
let readerToken: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-grpc-'));
  server = await startGrpcServer();
  readerToken = await grpcJwt({ scope: 'read' });
  ws = join(dir, 'ws');
  const secrets = new MemorySecretStore();
  const calls = join(ws, 'calls');
  await saveCollection(calls, Collection.parse({
    name: 'Calls', variables: [{ key: 'grpc', value: server.url }], profiles: [{ name: 'Reader' }],
    items: [
      { kind: 'grpc', name: 'Count', url: '{{grpc}}', id: 'gcount0001', messages: [{ name: 'message', text: '{"n": 3}' }] },
      { kind: 'grpc', name: 'Chat', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/Chat', id: 'gchat00001' },
      { kind: 'grpc', name: 'Whoami', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/Whoami', id: 'gwhoami001', auth: { type: 'none' } },
      { kind: 'grpc', name: 'Sum', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/Sum', id: 'gsum000001' },
      { kind: 'grpc', name: 'Echo metadata', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/Metadata', id: 'gmeta00001' },
      { kind: 'grpc', name: 'Slow', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/Slow', id: 'gslow00001', messages: [{ name: 'message', text: '{"ms": 10000}' }] },
      { kind: 'folder', name: 'More', id: 'fmore00001', items: [] },
    ],
  }));
  await saveEnvironment(calls, { name: 'Local', variables: [], profiles: { Reader: { type: 'bearer', token: readerToken, prefix: 'Bearer' } } }, secrets);
  // The .proto files live in the collection folder, as a team keeps them next to its requests.
  await cp(GRPC_PROTO_DIR, join(calls, 'protos'), { recursive: true });
  app = await openApp(dir, { secrets });
  page = app.page;
  page.setDefaultTimeout(15_000);
}, 120_000);

beforeEach(async () => { await app.reset(); });

afterAll(async () => {
  await app?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-grpc-${name}.png`) });
const log = () => page.getByRole('listbox', { name: 'Messages' }).getByRole('option');
const callState = () => page.getByRole('status', { name: 'Call state' });
const grpcStatus = () => page.getByRole('status', { name: 'gRPC status' });
const inspector = () => page.getByRole('complementary', { name: 'Inspector' });

async function open(name: string): Promise<void> {
  await page.getByRole('treeitem', { name: `gRPC ${name}` }).getByText(name, { exact: true }).dblclick();
  await page.getByRole('tab', { name: new RegExp(`^gRPC ${name}`), selected: true }).waitFor();
}

/** Replaces the text of the Message editor (Monaco) as a user does: select all, type. */
async function typeMessage(text: string): Promise<void> {
  await page.getByRole('group', { name: 'Message' }).click({ position: { x: 120, y: 8 } });
  await page.keyboard.press('Control+a');
  // Cleared first: Monaco wraps a selection in the bracket typed over it.
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** What the Message editor shows (Monaco draws spaces as no-break spaces). */
const messageText = async () => (await page.getByRole('group', { name: 'Message' }).locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');

describe('a gRPC request in the app', () => {
  it('is made from the sidebar, described by reflection, filled from a template, invoked, saved and reopened after a reload', async () => {
    await page.getByRole('button', { name: 'New gRPC' }).click();
    await page.getByRole('tab', { name: /^gRPC New gRPC request/, selected: true }).waitFor();
    const load = page.getByRole('button', { name: 'Load services' });
    expect(await load.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Invoke' }).isDisabled()).toBe(true);
    await page.getByRole('combobox', { name: 'URL' }).fill('{{grpc}}');
    await load.click();
    await page.getByRole('button', { name: 'Refresh services' }).waitFor();
    // The reflection service itself is left out; the first method is chosen.
    expect(await optionLabels(page.getByRole('combobox', { name: 'Service' }))).toEqual(['keyhole.greeter.v1.Greeter']);
    const methods = await optionLabels(page.getByRole('combobox', { name: 'Method' }));
    expect(methods).toEqual(['SayHello', 'Count', 'Sum', 'Chat', 'Whoami', 'Slow', 'Metadata']);
    expect(await valueOf(page.getByRole('combobox', { name: 'Method' }))).toBe('keyhole.greeter.v1.Greeter/SayHello');
    expect(await page.getByLabel('Call type').textContent()).toBe('unary');

    await page.getByRole('button', { name: 'Generate template' }).click();
    await expect.poll(messageText).toContain('"name": ""');
    expect(await messageText()).toContain('"mood": "MOOD_UNSPECIFIED"');
    await typeMessage('{"name": "Ada", "mood": "MOOD_HAPPY"}');
    await page.getByRole('combobox', { name: 'URL' }).press('Control+Enter');

    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');
    expect(await callState().textContent()).toBe('Ended');
    const reply = log().filter({ hasText: 'Hello Ada' });
    expect(await reply.count()).toBe(1);
    expect(await reply.getByLabel('received').count()).toBe(1);
    expect(await reply.textContent()).toMatch(/^\d+\.\d{3}s↓message\d+ B\{"message":"Hello Ada","mood":"MOOD_HAPPY"\}$/);
    const sent = log().filter({ hasText: '"name":"Ada"' });
    expect(await sent.getByLabel('sent').count()).toBe(1);
    expect(server.calls.at(-1)?.path).toBe('/keyhole.greeter.v1.Greeter/SayHello');
    await shot('unary');

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(1);
    const text = await readFile(join(ws, 'calls', 'new-grpc-request.request.yaml'), 'utf8');
    expect(text).toMatch(/^kind: grpc\nname: New gRPC request\nurl: "\{\{grpc\}\}"\nrpc: keyhole\.greeter\.v1\.Greeter\/SayHello\n/);
    expect(text).toContain('Ada');

    // The session brings the tab back as a gRPC tab; without the session, the tree reopens it.
    await page.reload();
    await page.getByRole('tab', { name: /^gRPC New gRPC request/, selected: true }).waitFor();
    expect(await page.getByRole('region', { name: 'gRPC request' }).count()).toBe(1);
    await app.reset();
    await open('New gRPC request');
    expect(await valueOf(page.getByRole('combobox', { name: 'Method' }))).toBe('keyhole.greeter.v1.Greeter/SayHello');
    await expect.poll(messageText).toContain('"name": "Ada"');
  });

  it('loads .proto files with an import path, and shows a server stream\'s messages', async () => {
    await open('Count');
    await page.getByRole('tab', { name: 'Definition' }).click();
    await page.getByRole('radio', { name: '.proto files' }).check();
    await page.getByRole('textbox', { name: 'Proto files 1' }).fill('protos/keyhole/greeter/v1/greeter.proto');
    await page.getByRole('button', { name: 'Load services' }).click();
    // Without the import path, greeter.proto's import of keyhole/common/v1/types.proto is not found.
    const error = page.getByRole('alert').filter({ hasText: 'file-not-found' });
    await error.waitFor();
    expect(await error.textContent()).toContain('keyhole/common/v1/types.proto');

    await page.getByRole('textbox', { name: 'New import path' }).fill('protos');
    await page.getByRole('button', { name: 'Add import path' }).click();
    await page.getByRole('button', { name: 'Load services' }).click();
    await page.getByRole('button', { name: 'Refresh services' }).waitFor();
    expect(await optionLabels(page.getByRole('combobox', { name: 'Method' }))).toHaveLength(7);
    await choose(page.getByRole('combobox', { name: 'Method' }), { label: 'Count' });
    expect(await page.getByLabel('Call type').textContent()).toBe('server streaming');
    await page.getByRole('tab', { name: 'Message' }).click();
    expect(await messageText()).toContain('"n": 3');
    await page.getByRole('button', { name: 'Invoke' }).click();

    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');
    const received = log().filter({ has: page.getByLabel('received') }).filter({ hasText: '"i"' });
    expect(await received.allTextContents()).toEqual([
      expect.stringMatching(/message\d+ B\{"i":1\}$/), expect.stringMatching(/message\d+ B\{"i":2\}$/), expect.stringMatching(/message\d+ B\{"i":3\}$/),
    ]);
    // The received ones alone, and one of them in full.
    await choose(page.getByRole('combobox', { name: 'Show' }), 'in');
    await page.getByRole('searchbox', { name: 'Search messages' }).fill('"i":2');
    await expect.poll(() => log().count()).toBe(1);
    await log().first().click();
    expect(await page.getByLabel('Message data').textContent()).toBe('{\n  "i": 2\n}');
    await shot('server-streaming');

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(1);
    const text = await readFile(join(ws, 'calls', 'count.request.yaml'), 'utf8');
    expect(text).toContain('proto:\n  type: files\n  files:\n    - protos/keyhole/greeter/v1/greeter.proto\n  importPaths:\n    - protos\n');
  });

  it('opens a bidirectional call, sends two messages, half-closes and shows the replies', async () => {
    await open('Chat');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => callState().textContent()).toBe('Open');
    await typeMessage('{"text": "one"}');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect.poll(() => log().filter({ hasText: 'echo: one' }).count()).toBe(1);
    // Ctrl+Enter in the message editor sends on the open call, as Send message does.
    await typeMessage('{"text": "two"}');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => log().filter({ hasText: 'echo: two' }).count()).toBe(1);
    expect(grpcStatus()).toBeDefined();
    expect(await grpcStatus().count()).toBe(0);

    await page.getByRole('button', { name: 'End', exact: true }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');
    expect(await callState().textContent()).toBe('Ended');
    const rows = (await log().allTextContents()).map((t) => t.replace(/^\d+\.\d{3}s/, ''));
    expect(rows.filter((r) => /^[↑↓](message|end)/.test(r))).toEqual([
      expect.stringMatching(/^↑message\d+ B\{"text":"one"\}$/), expect.stringMatching(/^↓message\d+ B\{"text":"echo: one"\}$/),
      expect.stringMatching(/^↑message\d+ B\{"text":"two"\}$/), expect.stringMatching(/^↓message\d+ B\{"text":"echo: two"\}$/),
      expect.stringMatching(/^↑endhalf-close/),
    ]);
    expect(await page.getByRole('button', { name: 'Send message' }).isDisabled()).toBe(true);
    await shot('bidi');
  });

  it('streams from the client, sends metadata, shows response headers and trailers, keeps a deadline and cancels', async () => {
    await open('Sum');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => callState().textContent()).toBe('Open');
    for (const value of [2, 40]) {
      await typeMessage(`{"value": ${value}}`);
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => log().filter({ hasText: `{"value":${value}}` }).count()).toBe(1);
    }
    await page.getByRole('button', { name: 'End', exact: true }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');
    expect(await log().filter({ has: page.getByLabel('received') }).filter({ hasText: '"sum"' }).textContent()).toContain('{"sum":42,"count":2}');

    await open('Echo metadata');
    await page.getByRole('tab', { name: 'Metadata', exact: true }).click();
    await page.getByLabel('Metadata key 1').fill('x-tenant');
    await page.getByLabel('Metadata value 1').fill('acme');
    await page.getByRole('combobox', { name: 'URL' }).press('Control+Enter');
    await expect.poll(() => grpcStatus().textContent()).toBe('0 OK');
    expect(server.calls.at(-1)?.metadata['x-tenant']).toBe('acme');
    await page.getByText(/^Response headers \(\d+\) and trailers/).click();
    const headers = page.getByRole('table', { name: 'Response headers' });
    const trailers = page.getByRole('table', { name: 'Trailers' });
    expect(await headers.getByRole('row').filter({ hasText: 'x-served-by' }).textContent()).toBe('x-served-bykeyhole-test');
    expect(await trailers.getByRole('row').filter({ hasText: 'x-trailer' }).textContent()).toBe('x-trailerdone');
    await shot('metadata');

    // A deadline set in Settings ends the slow call with DEADLINE_EXCEEDED.
    await open('Slow');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: 'Deadline (ms)' }).fill('300');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('4 DEADLINE_EXCEEDED');
    expect(await log().filter({ hasText: 'deadline 300 ms' }).count()).toBe(1);

    // Without it, Esc (as Cancel) ends the call with CANCELLED.
    await page.getByRole('spinbutton', { name: 'Deadline (ms)' }).fill('');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => callState().textContent()).toBe('Half-closed');
    await page.getByRole('button', { name: 'Cancel', exact: true }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => grpcStatus().textContent()).toBe('1 CANCELLED');
    expect(await callState().textContent()).toBe('Ended');
    await shot('cancelled');
  });

  it('explains UNAUTHENTICATED without a token and PERMISSION_DENIED with a reader\'s, and saves the profile, not the token', async () => {
    await open('Whoami');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('16 UNAUTHENTICATED');
    expect(await page.getByLabel('Status message').textContent()).toBe('missing bearer token');
    await inspector().getByRole('heading', { name: 'Why UNAUTHENTICATED (16)?' }).waitFor();
    expect(await inspector().locator('[data-finding]').first().getAttribute('data-finding')).toBe('no-credentials');
    expect(await inspector().locator('[data-finding]').first().textContent()).toContain('The call ended with gRPC status 16 UNAUTHENTICATED: "missing bearer token"');
    expect(await page.getByRole('alert').filter({ hasText: 'The server refused the call' }).count()).toBe(1);
    await shot('unauthenticated');

    await page.getByRole('tab', { name: 'Auth' }).click();
    await choose(page.getByRole('combobox', { name: 'Request auth type' }), 'profile');
    await choose(page.getByRole('combobox', { name: 'Request auth Profile' }), 'Reader');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await expect.poll(() => grpcStatus().textContent()).toBe('7 PERMISSION_DENIED');
    expect(server.calls.at(-1)?.metadata['authorization']).toBe(`Bearer ${readerToken}`);
    await inspector().getByRole('heading', { name: 'Why PERMISSION_DENIED (7)?' }).waitFor();
    expect(await inspector().locator('[data-finding]').first().textContent()).toContain('insufficient scope: requires scope admin');
    // The token in the log's metadata is masked like any secret.
    expect(await page.getByRole('region', { name: 'Response' }).textContent()).not.toContain(readerToken);
    await shot('permission-denied');

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(1);
    const text = await readFile(join(ws, 'calls', 'whoami.request.yaml'), 'utf8');
    expect(text).toMatch(/^kind: grpc\n/);
    expect(text).toContain('auth:\n  type: profile\n  profile: Reader\n');
    expect(text).not.toContain(readerToken);
    expect(text).not.toContain(readerToken.split('.')[1]);
  });

  it('is also made from the command palette and from a folder\'s menu', async () => {
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.type('new grpc request');
    await palette.getByRole('option').filter({ hasText: /^New gRPC request$/ }).click();
    await page.getByRole('tab', { name: /^gRPC New gRPC request/, selected: true }).waitFor();
    await expect.poll(async () => (await readdir(join(ws, 'calls'))).filter((f) => f.startsWith('new-grpc-request')).length).toBe(2);

    await page.getByRole('treeitem', { name: 'More' }).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'More actions' });
    await menu.getByRole('menuitem', { name: 'New gRPC request in this folder' }).click();
    await expect.poll(async () => (await readdir(join(ws, 'calls', 'more'))).sort()).toEqual(['folder.yaml', 'new-grpc-request.request.yaml']);
    expect(await readFile(join(ws, 'calls', 'more', 'new-grpc-request.request.yaml'), 'utf8')).toMatch(/^kind: grpc\nname: New gRPC request\n/);
    await page.getByRole('tab', { name: /^gRPC New gRPC request/, selected: true }).waitFor();
  });

  for (const mode of ['light', 'dark'] as const) {
    it(`axe-core finds no serious or critical violation on a gRPC tab with a refusal explained, ${mode} theme`, async () => {
      await page.getByRole('radiogroup', { name: 'Theme' }).getByText(mode === 'light' ? 'Light' : 'Dark', { exact: true }).click();
      await open('Whoami');
      await page.getByRole('button', { name: 'Invoke' }).click();
      await inspector().getByRole('region', { name: 'Explanation' }).locator('article').first().waitFor();
      await page.getByText(/Response headers \(\d+\) and trailers/).click();
      await log().first().click();
      const found = await axeViolations(page);
      await shot(`axe-${mode}`);
      await page.getByRole('tab', { name: 'Definition' }).click();
      await page.getByRole('radio', { name: '.proto files' }).check();
      const onDefinition = await axeViolations(page);
      await shot(`axe-${mode}-definition`);
      await page.getByRole('tab', { name: 'Settings' }).click();
      const onSettings = await axeViolations(page);
      expect([...found, ...onDefinition, ...onSettings].map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(' ')}`)).toEqual([]);
    }, 60_000);
  }
});
