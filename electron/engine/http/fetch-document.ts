import { KeyholeError } from '../../../shared/errors';
import { readBodyText } from './response-body';
import { send } from './send';
import { defaultBodiesDir } from './temp-dir';
import { DEFAULT_SETTINGS, type TransportSettings } from './types';

/** A key set or discovery document is a few kilobytes; anything past this is refused. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * GETs a small JSON document (a JWKS, an OIDC discovery document) through the engine, so the
 * same proxy, TLS and timeout settings apply as to every other request. The inspector in shared/
 * takes this as its fetcher.
 */
export function documentFetcher(opts: { settings?: Partial<TransportSettings>; env?: Record<string, string | undefined> } = {}) {
  const settings: TransportSettings = { ...DEFAULT_SETTINGS, timeoutMs: 15_000, ...opts.settings, maxBodyInMemoryBytes: MAX_DOCUMENT_BYTES };
  return async (url: string): Promise<{ status: number; body: string }> => {
    const exchange = await send(
      { method: 'GET', url, headers: [['Accept', 'application/json']], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [] },
      { settings, tempDir: defaultBodiesDir(), env: opts.env },
    );
    if (exchange.response.body.storage !== 'inline') {
      throw new KeyholeError('body-too-large', `${url} sent ${exchange.response.bodySizeDecoded} bytes; a key set or discovery document is a few kilobytes`);
    }
    return { status: exchange.response.status, body: await readBodyText(exchange.response.body) };
  };
}
