import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startWeb, type Bridge } from '../../electron/bridge';
import { sessionFile } from '../../electron/engine/ui-state';
import { ensureRendererBuilt, launch, type Launched } from './harness';

export interface App {
  dir: string;
  /** The local API's origin (127.0.0.1, a port of its own). */
  apiUrl: string;
  bridge: Bridge;
  browser: Launched;
  page: Page;
  /** Loads the app afresh, with no session kept from an earlier test (one empty tab). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What most e2e files start with: a local API answering with `api`, a workspace `seed` writes (given
 * its folder and the API's origin), the bridge over it and one Chromium page.
 */
export async function startApp(o: { prefix: string; api: RequestListener; seed(ws: string, apiUrl: string): Promise<unknown> }): Promise<App> {
  await ensureRendererBuilt();
  const dir = await mkdtemp(join(tmpdir(), o.prefix));
  const server: Server = createServer(o.api);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ws = join(dir, 'ws');
  const stateDir = join(dir, 'state');
  await o.seed(ws, apiUrl);
  const bridge = await startWeb({ workspaceRoot: ws, host: { stateDir } });
  const browser = await launch();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  return {
    dir, apiUrl, bridge, browser, page,
    async reload() {
      // By way of about:blank: the app drops the token fragment from its URL, so going to the
      // bridge's URL straight from the app would be a fragment change, not a load.
      await page.goto('about:blank');
      await rm(sessionFile({ stateDir, workspaceRoot: ws }), { force: true });
      await page.goto(bridge.url);
      await page.getByRole('combobox', { name: 'URL' }).waitFor();
    },
    async close() {
      await browser.close();
      await bridge.close();
      await new Promise<void>((r) => server.close(() => r()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
