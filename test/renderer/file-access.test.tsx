// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComponentType } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Request } from '../../shared/model';
import type { Tab } from '../../renderer/src/state/tabs';
import { installRealEngine, type RealEngine } from './real-engine';

/**
 * The request settings show the collection's upload setting (SECURITY.md, guarantee 10) and
 * change it through the engine's real handlers, which keep it outside the collection's files.
 */
let engine: RealEngine;
let RequestEditor: ComponentType<{ tab: Tab }>;

beforeAll(async () => {
  engine = await installRealEngine(async (dir) => {
    await mkdir(join(dir, 'ws', 'api'), { recursive: true });
    await writeFile(join(dir, 'ws', 'api', 'collection.yaml'), 'keyhole: 1\nname: api\n');
  });
  ({ RequestEditor } = await import('../../renderer/src/components/RequestEditor'));
});
afterAll(() => engine.close());
afterEach(cleanup);

const tab = (collectionId?: string): Tab => ({ id: 't1', ...(collectionId ? { collectionId } : {}), draft: Request.parse({ name: 'Upload', url: 'http://127.0.0.1:1/' }) });

describe('the collection\'s upload setting in the request settings', () => {
  it('starts off, and ticking it grants the collection files from outside its folder', async () => {
    render(<RequestEditor tab={tab('api')} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    const box = await waitFor(() => screen.getByRole<HTMLInputElement>('checkbox', { name: 'Allow uploads from outside the collection folder' }));
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(await engine.api['collection.fileAccess']({ id: 'api' })).toEqual({ allowFilesOutside: true });
    expect(await readdir(join(engine.dir, 'ws', 'api'))).toEqual(['collection.yaml']);
  });

  it('is not shown for a request outside any collection', () => {
    render(<RequestEditor tab={tab()} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    expect(screen.queryByRole('checkbox', { name: 'Allow uploads from outside the collection folder' })).toBeNull();
  });
});
