// @vitest-environment happy-dom
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { createHandlers } from '../../electron/engine/api';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { CHANNELS, inProcessInvoke, type Channel, type Envelope } from '../../shared/ipc';
import { Collection, Environment } from '../../shared/model';

// The dialog reaches the real engine through window.keyholeApi (as in Electron), over a workspace
// whose two environments bind the collection's profile to different schemes.
let dir: string;
let close: () => Promise<void>;
let ui: { ExportDialog: typeof import('../../renderer/src/components/TransferDialogs').ExportDialog; ws: typeof import('../../renderer/src/state/workspace') };
const downloads: Blob[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-export-dialog-'));
  const shop = join(dir, 'ws', 'shop');
  const secrets = new MemorySecretStore();
  await saveCollection(shop, Collection.parse({
    name: 'Shop', profiles: [{ name: 'Admin' }],
    items: [{ kind: 'request', name: 'Report', url: 'https://shop.test/report', auth: { type: 'profile', profile: 'Admin' } }],
  }));
  await saveEnvironment(shop, Environment.parse({ name: 'Staging', profiles: { Admin: { type: 'basic', username: '{{user}}', password: '{{password}}' } } }), secrets);
  await saveEnvironment(shop, Environment.parse({ name: 'Production', profiles: { Admin: { type: 'bearer', token: '{{token}}' } } }), secrets);
  const h = createHandlers({
    kind: 'electron', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets,
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
    // The desktop's save dialog: the bytes it would write are the exported file.
    saveFile: async (_name, content) => {
      if ('bytes' in content) downloads.push(new Blob([Buffer.from(content.bytes)]));
      return join(dir, 'chosen.postman_collection.json');
    },
  });
  close = h.close;
  const invoke = inProcessInvoke(h.handlers);
  window.keyholeApi = Object.fromEntries(CHANNELS.map((c) => [c, (input: unknown) => invoke(c, input)])) as Record<Channel, (input: unknown) => Promise<Envelope<unknown>>>;
  ui = { ExportDialog: (await import('../../renderer/src/components/TransferDialogs')).ExportDialog, ws: await import('../../renderer/src/state/workspace') };
});
afterAll(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(cleanup);

const exportButton = () => screen.getByRole('button', { name: 'Export' });

describe('the export dialog', () => {
  it('with no active environment, asks which one when the engine says the bindings differ, then exports its auth', async () => {
    await ui.ws.loadWorkspace();
    ui.ws.selectEnvironment(undefined);
    render(<ui.ExportDialog />);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Export format' }).getAttribute('data-value')).toBe('postman'));
    expect(screen.queryByRole('combobox', { name: 'Export environment' })).toBeNull();

    fireEvent.click(exportButton());
    const choice = await screen.findByRole('combobox', { name: 'Export environment' });
    // The kit's Select (Radix): Enter opens its list; an option is chosen by a click.
    fireEvent.keyDown(choice, { key: 'Enter' });
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.getAttribute('data-value'))).toEqual(['Production', 'Staging']);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(downloads).toHaveLength(0);

    fireEvent.click(options[1] as HTMLElement);
    await waitFor(() => expect(choice.getAttribute('data-value')).toBe('Staging'));
    fireEvent.click(exportButton());
    await waitFor(() => expect(downloads).toHaveLength(1));
    const doc = JSON.parse(await (downloads[0] as Blob).text()) as { item: { request: { auth: { type: string } } }[] };
    expect(doc.item[0]?.request.auth.type).toBe('basic');
  });

  it('with an active environment, exports its bindings without asking', async () => {
    ui.ws.selectEnvironment('Production');
    render(<ui.ExportDialog />);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Export format' }).getAttribute('data-value')).toBe('postman'));
    fireEvent.click(exportButton());
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(screen.queryByRole('combobox', { name: 'Export environment' })).toBeNull();
    const doc = JSON.parse(await (downloads[1] as Blob).text()) as { item: { request: { auth: { type: string } } }[] };
    expect(doc.item[0]?.request.auth.type).toBe('bearer');
  });
});
