import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHandlers, type ApiHost } from '../engine/api';
import { MemorySecretStore } from './memory-secrets';
import { startBridge, type Bridge } from './server';

export interface WebOptions {
  workspaceRoot: string;
  port?: number | undefined;
  staticDir?: string | undefined;
  /** Overrides parts of the host (tests pin the clock or the transport). */
  host?: Partial<ApiHost> | undefined;
}

/** The built renderer, where `vite build` (renderer/vite.config.ts) puts it. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));
/** The example workspace an empty workspace offers to open (workspace.addExample copies it). */
export const EXAMPLE_WORKSPACE = fileURLToPath(new URL('../../examples/demo-workspace', import.meta.url));

/**
 * The engine, its API handlers and the bridge, as `npm run web` runs them. Secrets stay in memory
 * (a browser has no OS keychain to lend); response bodies and uploads go to a private temp folder
 * removed on close.
 */
export async function startWeb(o: WebOptions): Promise<Bridge> {
  const tempDir = await mkdtemp(join(tmpdir(), 'keyhole-web-'));
  const host: ApiHost = {
    kind: 'browser',
    version: process.env.npm_package_version ?? '0.1.0',
    platform: process.platform,
    workspaceRoot: o.workspaceRoot,
    secrets: new MemorySecretStore(),
    secretStorage: {
      backend: 'memory',
      osEncrypted: false,
      warning: 'Browser mode keeps secret values in memory only: they are not saved and are gone when `npm run web` stops.',
    },
    tempDir,
    stateDir: join(tempDir, 'state'),
    warmScripts: true,
    exampleWorkspace: EXAMPLE_WORKSPACE,
    ...o.host,
  };
  const api = createHandlers(host);
  const bridge = await startBridge({ handlers: api.handlers, staticDir: o.staticDir ?? DEFAULT_STATIC_DIR, port: o.port });
  return {
    ...bridge,
    close: async () => {
      await bridge.close();
      await api.close();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}
