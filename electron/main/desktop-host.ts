import { KeyholeError } from '../../shared/errors';
import type { ApiHost } from '../engine/api';
import { isExternalLink } from './external-link';

/** The engine host's own fields, with the one thing the desktop must supply: a browser opener. */
export type DesktopHostOptions = Omit<ApiHost, 'kind' | 'openExternal'> & {
  /**
   * Opens a URL in the system browser: Electron's shell.openExternal in the app. Links the user
   * clicks and the OAuth 2.0 authorization code flow (the engine opens the provider's authorization
   * URL, the user signs in there, the provider redirects to the engine's loopback listener) both
   * come through here, and only http(s) URLs pass.
   */
  openExternal: (url: string) => Promise<void>;
};

/**
 * The desktop app's engine host, as a plain module: electron/main passes Electron's own functions
 * in, and tests pass theirs, so everything but Electron's calls runs (and is tested) in plain Node.
 */
export function desktopHost(o: DesktopHostOptions): ApiHost {
  return {
    ...o,
    kind: 'electron',
    openExternal: async (url) => {
      // Refused loudly: an OAuth flow whose browser never opened would otherwise wait out its timeout.
      if (!isExternalLink(url)) {
        throw new KeyholeError('invalid-input', `Not opening ${url.slice(0, 200)} in the system browser: only http(s) URLs without credentials leave the app`, {
          hint: 'Check the authorization endpoint of the OAuth provider (its metadata) or the link.',
        });
      }
      await o.openExternal(url);
    },
  };
}
