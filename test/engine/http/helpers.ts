import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, type PreparedRequest, type SendContext, type TransportSettings } from '../../../electron/engine/http';

export async function tempDir(prefix = 'keyhole-http-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A request with no credentials and no body, overridable field by field. */
export function prepared(url: string, over: Partial<PreparedRequest> = {}): PreparedRequest {
  return { method: 'GET', url, headers: [], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [], ...over };
}

/** A send context with the system proxy turned off (the machine's HTTP_PROXY must not leak into tests). */
export async function context(settings: Partial<TransportSettings> = {}, over: Partial<SendContext> = {}): Promise<SendContext> {
  return {
    settings: { ...DEFAULT_SETTINGS, proxy: { mode: 'none' }, ...settings },
    tempDir: await tempDir(),
    env: {},
    ...over,
  };
}

export interface Echo {
  method: string;
  url: string;
  httpVersion: string;
  headers: [string, string][];
  bodyBase64: string;
  bodySize: number;
}

export function header(echo: Echo, name: string): string | undefined {
  const found = echo.headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  return found.length === 0 ? undefined : found.join(', ');
}
