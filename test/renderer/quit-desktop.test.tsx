// @vitest-environment happy-dom
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render, screen, waitFor, fireEvent } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { createHandlers } from '../../electron/engine/api';
import { saveCollection as writeCollection } from '../../electron/engine/workspace';
import { CHANNELS, inProcessInvoke, type Channel, type Envelope } from '../../shared/ipc';
import { Collection } from '../../shared/model';

// Closing the desktop window (or Cmd+Q) with unsaved tabs. Electron shows nothing for a cancelled
// beforeunload and keeps the window: the app must ask in its own dialog, then close the window
// itself. The renderer runs as in Electron (window.keyholeApi), over the real engine and files.
let dir: string;
let close: () => Promise<void>;
let mods: {
  quit: typeof import('../../renderer/src/state/quit');
  tabs: typeof import('../../renderer/src/state/tabs');
  ws: typeof import('../../renderer/src/state/workspace');
  AskHost: typeof import('../../renderer/src/ui/AskHost').AskHost;
};
let closed = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-quit-'));
  await writeCollection(join(dir, 'ws', 'notes'), Collection.parse({ name: 'Notes', items: [{ kind: 'request', name: 'Note', url: 'http://127.0.0.1:9/original', id: 'rnote00001' }] }));
  const h = createHandlers({
    kind: 'electron', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
  });
  close = h.close;
  const invoke = inProcessInvoke(h.handlers);
  window.keyholeApi = Object.fromEntries(CHANNELS.map((c) => [c, (input: unknown) => invoke(c, input)])) as Record<Channel, (input: unknown) => Promise<Envelope<unknown>>>;
  // The window's own close: what Electron does when the page calls it.
  window.close = () => { closed++; };
  mods = {
    quit: await import('../../renderer/src/state/quit'),
    tabs: await import('../../renderer/src/state/tabs'),
    ws: await import('../../renderer/src/state/workspace'),
    AskHost: (await import('../../renderer/src/ui/AskHost')).AskHost,
  };
  await mods.ws.loadWorkspace();
  mods.quit.guardUnload();
});
afterAll(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(cleanup);

function leave(): Event {
  const e = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(e);
  return e;
}

describe('quitting the desktop app with unsaved tabs', () => {
  it('lets a window with nothing unsaved close without asking', () => {
    mods.tabs.tabs.set({ tabs: [] });
    expect(leave().defaultPrevented).toBe(false);
  });

  it('asks Save all / Don\'t save / Cancel; Cancel keeps the window; Save all writes the file, then closes', async () => {
    render(<mods.AskHost />);
    const wc = mods.ws.activeCollection();
    const item = wc?.collection.items[0];
    if (!wc || !item) throw new Error('fixture');
    mods.tabs.openRequest(wc.id, item);
    const id = mods.tabs.activeTab()?.id ?? '';
    mods.tabs.editDraft(id, (d) => ({ ...d, url: 'http://127.0.0.1:9/edited' }));

    expect(leave().defaultPrevented).toBe(true);
    const ask = await screen.findByRole('alertdialog', { name: 'Quit with unsaved changes?' });
    expect(ask.textContent).toContain('"Note" has changes that are not saved');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(closed).toBe(0);

    expect(leave().defaultPrevented).toBe(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Save all' }));
    await waitFor(() => expect(closed).toBe(1));
    expect(await readFile(join(dir, 'ws', 'notes', 'note.request.yaml'), 'utf8')).toContain('/edited');
    // Once leaving was decided, the close that follows is not asked about again.
    expect(leave().defaultPrevented).toBe(false);
  });
});
