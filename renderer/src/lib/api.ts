import { apiOver, envelopeOf, type Api, type Channel, type Envelope, type RawInvoke } from '../../../shared/ipc';

/** What the Electron preload script exposes: one plain function per channel, returning envelopes. */
type PreloadApi = Record<Channel, (input: unknown) => Promise<Envelope<unknown>>>;
declare global {
  interface Window { keyholeApi?: PreloadApi }
}

const TOKEN_KEY = 'keyhole.bridgeToken';

/**
 * The browser mode's token arrives once in the URL fragment (never sent to a server); it moves to
 * sessionStorage and out of the address bar, and every API call carries it in a header.
 */
function bridgeToken(): string {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function bridgeInvoke(): RawInvoke {
  const token = bridgeToken();
  return async (channel, input) => {
    const res = await fetch(`api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-keyhole-token': token },
      body: JSON.stringify(input ?? {}),
    });
    if (res.status === 401 || res.status === 403) {
      return { ok: false, error: { code: 'usage', message: 'The browser bridge refused this page', hint: 'Open the URL that `npm run web` printed (it carries the access token).' } };
    }
    return envelopeOf(res);
  };
}

export const api: Api = apiOver(window.keyholeApi
  ? (channel, input) => (window.keyholeApi as PreloadApi)[channel](input)
  : bridgeInvoke());

export const isBrowserMode = !window.keyholeApi;
