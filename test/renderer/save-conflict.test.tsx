// @vitest-environment happy-dom
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { createHandlers } from '../../electron/engine/api';
import { saveCollection as writeCollection } from '../../electron/engine/workspace';
import { CHANNELS, inProcessInvoke, type Channel, type Envelope } from '../../shared/ipc';
import { Collection } from '../../shared/model';

// The renderer reaches the engine through window.keyholeApi (as in Electron), here the real
// handlers over the in-process transport, so the save goes to real files.
let dir: string;
let file: string;
let close: () => Promise<void>;
let app: typeof import('./save-conflict-app');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-conflict-'));
  await writeCollection(join(dir, 'ws', 'notes'), Collection.parse({ name: 'Notes', items: [{ kind: 'request', name: 'Note', url: 'http://127.0.0.1:9/original' }] }));
  file = join(dir, 'ws', 'notes', (await readdir(join(dir, 'ws', 'notes'))).find((f) => f.endsWith('.request.yaml')) ?? '');
  const h = createHandlers({
    kind: 'electron', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
  });
  close = h.close;
  const invoke = inProcessInvoke(h.handlers);
  window.keyholeApi = Object.fromEntries(CHANNELS.map((c) => [c, (input: unknown) => invoke(c, input)])) as Record<Channel, (input: unknown) => Promise<Envelope<unknown>>>;
  app = await import('./save-conflict-app');
});
afterAll(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(cleanup);

const url = () => screen.getByRole<HTMLInputElement>('combobox', { name: 'URL' });
const onDisk = () => readFile(file, 'utf8');
/** Edits the file as another program would, after the app loaded it. */
const theirEdit = async (path: string) => writeFile(file, (await onDisk()).replace(/url: .*/, `url: http://127.0.0.1:9/${path}`));
const dialog = () => screen.queryByRole('alertdialog', { name: 'Changed on disk' });

async function openWithEdit(mine: string): Promise<void> {
  await app.openNote();
  render(<app.Harness />);
  fireEvent.change(url(), { target: { value: `http://127.0.0.1:9/${mine}` } });
}

describe('saving over a file that changed on disk', () => {
  it('asks instead of overwriting; Cancel keeps my edits unsaved and the file as they wrote it', async () => {
    await openWithEdit('mine');
    await theirEdit('theirs');
    fireEvent.click(screen.getByRole('button', { name: 'Save (unsaved changes)' }));
    await waitFor(() => expect(dialog()).not.toBeNull());
    const name = file.slice(file.lastIndexOf('/') + 1);
    expect(screen.getByText(`${name} changed on disk since you opened it.`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(dialog()).toBeNull();
    expect(url().value).toBe('http://127.0.0.1:9/mine');
    expect(screen.getByRole('button', { name: 'Save (unsaved changes)' })).toBeTruthy();
    expect(await onDisk()).toContain('/theirs');
  });

  it('Overwrite saves my version over theirs, and the next save needs no asking', async () => {
    await openWithEdit('mine');
    await theirEdit('theirs-1');
    fireEvent.click(screen.getByRole('button', { name: 'Save (unsaved changes)' }));
    await waitFor(() => expect(dialog()).not.toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Overwrite' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy());
    expect(await onDisk()).toContain('/mine');
    fireEvent.change(url(), { target: { value: 'http://127.0.0.1:9/mine-again' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save (unsaved changes)' }));
    await waitFor(async () => expect(await onDisk()).toContain('/mine-again'));
    expect(dialog()).toBeNull();
  });

  it('Reload drops my edits and shows the file as they wrote it', async () => {
    await openWithEdit('mine-3');
    await theirEdit('theirs-2');
    fireEvent.click(screen.getByRole('button', { name: 'Save (unsaved changes)' }));
    await waitFor(() => expect(dialog()).not.toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(url().value).toBe('http://127.0.0.1:9/theirs-2'));
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
    expect(await onDisk()).toContain('/theirs-2');
  });
});
