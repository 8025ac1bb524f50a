import type { SecretStorageInfo } from '../../../shared/ipc/workspace-payloads';
import type { Send } from '../http/types';
import type { SecretStore } from '../secrets/types';

/**
 * What the process hosting the API provides. Electron's main process and the browser bridge each
 * build one; the capabilities a browser cannot have (native dialogs, the system browser) are
 * optional, and their channels answer 'usage' when absent.
 */
export interface ApiHost {
  kind: 'electron' | 'browser';
  version: string;
  platform: string;
  /** A folder of collection folders (or one collection folder). */
  workspaceRoot: string;
  secrets: SecretStore;
  secretStorage: SecretStorageInfo;
  /** Bodies past the in-memory cap, and files a browser uploads for multipart/binary bodies. */
  tempDir: string;
  /** Cookie jars per collection/environment and the request history; absent keeps both for the process's lifetime. */
  stateDir?: string | undefined;
  now?: (() => Date) | undefined;
  /**
   * Start the shared script engine as the host starts, so the first Run or Send with a script does
   * not wait seconds for QuickJS (the app and the browser bridge; tests that send no script leave it off).
   */
  warmScripts?: boolean | undefined;
  /** The example workspace's folder (examples/demo-workspace), which workspace.addExample copies from. */
  exampleWorkspace?: string | undefined;
  /** Replaces the HTTP transport (tests). */
  send?: Send | undefined;
  openExternal?: ((url: string) => Promise<void>) | undefined;
  chooseFolder?: ((create: boolean) => Promise<string | null>) | undefined;
  pickFile?: ((title?: string) => Promise<string | null>) | undefined;
  /** Shows a file in the system's file manager (Electron's shell.showItemInFolder). */
  revealFile?: ((path: string) => void) | undefined;
  /** Asks where to save and copies `source` (a file path) or writes `bytes` there. */
  saveFile?: ((suggestedName: string, content: { path: string } | { bytes: Uint8Array }) => Promise<string | null>) | undefined;
}
