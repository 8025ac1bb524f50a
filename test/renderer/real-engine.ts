import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { createHandlers } from '../../electron/engine/api';
import { apiOver, inProcessInvoke, type Api, type Channel } from '../../shared/ipc';

export interface RealEngine {
  /** The temp folder: the workspace is `ws/` in it, the app state `state/`. */
  dir: string;
  api: Api;
  close(): Promise<void>;
}

/**
 * Puts the engine's real handlers where the renderer looks for Electron's preload (one function per
 * channel, answering envelopes), with a workspace and app state in a temp folder. Call it before
 * importing a component: renderer/src/lib/api.ts picks its transport when it loads.
 */
export async function installRealEngine(prepare?: (dir: string) => Promise<void>): Promise<RealEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-renderer-engine-'));
  await prepare?.(dir);
  const h = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir, stateDir: join(dir, 'state'),
  });
  const invoke = inProcessInvoke(h.handlers);
  window.keyholeApi = new Proxy({}, { get: (_t, channel) => (input: unknown) => invoke(channel as Channel, input) }) as NonNullable<typeof window.keyholeApi>;
  return {
    dir, api: apiOver(invoke),
    close: async () => {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
