import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exchange, HeaderList } from '../../../shared/model';
import { DEFAULT_SETTINGS, send } from '../../../electron/engine/http';
import type { PreparedRequest } from '../../../electron/engine/http/types';
import type { AuthCache, AuthContext } from '../../../electron/engine/auth/types';

/** An in-memory AuthCache, one per test, as the engine gives one per environment. */
export function memoryCache(): AuthCache {
  const m = new Map<string, unknown>();
  return {
    get: <T>(k: string) => m.get(k) as T | undefined,
    set: <T>(k: string, v: T) => { m.set(k, v); },
    delete: (k: string) => { m.delete(k); },
  };
}

export function prepared(url: string, init: Partial<PreparedRequest> = {}): PreparedRequest {
  return { method: 'GET', url, headers: [], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [], ...init };
}

/**
 * Sends through the engine's real transport, trusting the test CA when one is given; the
 * request's own `tls` (a client certificate profile) is honoured by the transport itself.
 */
export async function engineSend(req: PreparedRequest, opts: { ca?: string } = {}): Promise<Exchange> {
  let caFile: string | undefined;
  if (opts.ca) {
    caFile = join(mkdtempSync(join(tmpdir(), 'keyhole-auth-ca-')), 'ca.pem');
    writeFileSync(caFile, opts.ca);
  }
  return send(req, {
    settings: { ...DEFAULT_SETTINGS, tls: { verify: true, ...(caFile ? { caFile } : {}) } },
    tempDir: tmpdir(),
  });
}

export interface TestContext extends AuthContext {
  logs: string[];
}

export function makeCtx(opts: Partial<AuthContext> & { ca?: string } = {}): TestContext {
  const logs: string[] = [];
  const { ca, ...rest } = opts;
  return {
    send: (r) => engineSend(r, ca ? { ca } : {}),
    now: () => new Date(),
    cache: memoryCache(),
    log: (m) => { logs.push(m); },
    profile: 'Admin',
    environment: 'staging',
    ...rest,
    logs,
  };
}

export function bodyText(x: Exchange): string {
  return x.response.body.storage === 'inline' ? Buffer.from(x.response.body.base64, 'base64').toString('utf8') : '';
}

export function header(list: HeaderList, name: string): string | undefined {
  return list.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}
