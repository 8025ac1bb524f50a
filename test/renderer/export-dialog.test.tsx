// @vitest-environment happy-dom
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { createHandlers } from '../../electron/engine/api';
import { saveCollection } from '../../electron/engine/workspace';
import { CHANNELS, inProcessInvoke, type Channel, type Envelope } from '../../shared/ipc';
import { Collection } from '../../shared/model';

// The desktop's Export: the real handlers behind window.keyholeApi (as Electron's preload gives
// them), with a host whose save dialog "chooses" a path in a temp folder, or is cancelled.
let dir: string;
let close: () => Promise<void>;
let chosen: string | null;
let dialogs: typeof import('../../renderer/src/components/TransferDialogs');
let state: typeof import('../../renderer/src/state/ui');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-export-dialog-'));
  await saveCollection(join(dir, 'ws', 'shop'), Collection.parse({ name: 'Shop', items: [{ kind: 'request', name: 'Orders', url: 'http://127.0.0.1:9/orders' }] }));
  const h = createHandlers({
    kind: 'electron', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
    saveFile: async (_name, content) => {
      if (chosen === null) return null;
      if ('bytes' in content) await writeFile(chosen, content.bytes);
      return chosen;
    },
  });
  close = h.close;
  const invoke = inProcessInvoke(h.handlers);
  window.keyholeApi = Object.fromEntries(CHANNELS.map((c) => [c, (input: unknown) => invoke(c, input)])) as Record<Channel, (input: unknown) => Promise<Envelope<unknown>>>;
  dialogs = await import('../../renderer/src/components/TransferDialogs');
  state = await import('../../renderer/src/state/ui');
  await (await import('../../renderer/src/state/workspace')).loadWorkspace();
});
afterAll(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(cleanup);

describe('Export in the desktop app', () => {
  it('saves where the save dialog says and ends by naming that path, in the dialog and the status line', async () => {
    chosen = join(dir, 'my shop.postman_collection.json');
    render(<dialogs.ExportDialog />);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Export format' }).getAttribute('data-value')).toBe('postman'));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`Exported to ${chosen ?? ''}`));
    expect(state.ui.get().notice).toBe(`Exported to ${chosen}`);
    expect(JSON.parse(await readFile(chosen, 'utf8'))).toMatchObject({ info: { name: 'Shop' }, item: [{ name: 'Orders' }] });
  });

  it('says so when the save dialog is cancelled', async () => {
    chosen = null;
    render(<dialogs.ExportDialog />);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Export format' }).getAttribute('data-value')).toBe('postman'));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Export of Shop.postman_collection.json cancelled: no file was written'));
  });
});
