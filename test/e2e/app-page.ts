import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startWeb, type Bridge } from '../../electron/bridge';
import type { SecretStore } from '../../electron/engine/secrets';
import { sessionFile } from '../../electron/engine/ui-state';
import { ensureRendererBuilt, launch, type Launched } from './harness';

export interface AppPage {
  page: Page;
  bridge: Bridge;
  /** A freshly loaded app: the last test's session (tabs, drafts) removed first. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The built renderer over the browser bridge on a workspace folder (`dir`/ws), in Chromium; with
 * `secrets`, the store the test wrote its environments' secrets (profile tokens) to.
 */
export async function openApp(dir: string, o: { secrets?: SecretStore } = {}): Promise<AppPage> {
  await ensureRendererBuilt();
  const workspaceRoot = join(dir, 'ws');
  const stateDir = join(dir, 'state');
  const bridge = await startWeb({ workspaceRoot, host: { stateDir, ...(o.secrets ? { secrets: o.secrets } : {}) } });
  const browser: Launched = await launch();
  const page = await browser.context.newPage();
  return {
    page, bridge,
    async reset() {
      // By way of about:blank: going to bridge.url from the app would be a fragment change, not a load.
      await page.goto('about:blank');
      await rm(sessionFile({ stateDir, workspaceRoot }), { force: true });
      await page.goto(bridge.url);
      await page.getByRole('combobox', { name: 'URL' }).waitFor();
    },
    async close() {
      await browser.close();
      await bridge.close();
    },
  };
}
