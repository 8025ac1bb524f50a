import { KeyholeError } from '../../shared/errors';
import type { SecretStorageInfo } from '../../shared/ipc/contract';
import type { ApiHost } from '../engine/api';
import type { Send } from '../engine/http/types';
import type { SecretStore } from '../engine/secrets/types';
import { isExternalLink } from './external-link';

export interface DesktopHostOptions {
  version: string;
  platform: string;
  workspaceRoot: string;
  secrets: SecretStore;
  secretStorage: SecretStorageInfo;
  tempDir: string;
  stateDir?: string | undefined;
  /**
   * Opens a URL in the system browser: Electron's shell.openExternal in the app. Links the user
   * clicks and the OAuth 2.0 authorization code flow (the engine opens the provider's authorization
   * URL, the user signs in there, the provider redirects to the engine's loopback listener) both
   * come through here, and only http(s) URLs pass.
   */
  openExternal: (url: string) => Promise<void>;
  chooseFolder?: ApiHost['chooseFolder'];
  pickFile?: ApiHost['pickFile'];
  saveFile?: ApiHost['saveFile'];
  now?: (() => Date) | undefined;
  /** Replaces the HTTP transport (tests). */
  send?: Send | undefined;
}

/**
 * The desktop app's engine host, as a plain module: electron/main passes Electron's own functions
 * in, and tests pass theirs, so everything but Electron's calls runs (and is tested) in plain Node.
 */
export function desktopHost(o: DesktopHostOptions): ApiHost {
  return {
    kind: 'electron', version: o.version, platform: o.platform, workspaceRoot: o.workspaceRoot,
    secrets: o.secrets, secretStorage: o.secretStorage, tempDir: o.tempDir, stateDir: o.stateDir,
    now: o.now, send: o.send,
    openExternal: async (url) => {
      // Refused loudly: an OAuth flow whose browser never opened would otherwise wait out its timeout.
      if (!isExternalLink(url)) {
        throw new KeyholeError('invalid-input', `Not opening ${url.slice(0, 200)} in the system browser: only http(s) URLs without credentials leave the app`, {
          hint: 'Check the authorization endpoint of the OAuth provider (its metadata) or the link.',
        });
      }
      await o.openExternal(url);
    },
    chooseFolder: o.chooseFolder, pickFile: o.pickFile, saveFile: o.saveFile,
  };
}
