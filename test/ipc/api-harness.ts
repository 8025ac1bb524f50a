import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../electron/bridge';
import { createHandlers } from '../../electron/engine/api';
import { apiOver, inProcessInvoke, type Api } from '../../shared/ipc';

export interface ApiOverServer {
  api: Api;
  /** The local server's base URL. */
  base: string;
  /** The temp folder holding the workspace and bodies. */
  dir: string;
  close: () => Promise<void>;
}

/**
 * The app's engine API in-process (the handlers the IPC and the bridge call), with a memory
 * secret store and a workspace in a temp folder, beside a local HTTP server answering `listener`.
 */
export async function apiOverServer(prefix: string, listener: RequestListener): Promise<ApiOverServer> {
  const server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const h = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
  });
  return {
    api: apiOver(inProcessInvoke(h.handlers)), base, dir,
    close: async () => {
      await h.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
