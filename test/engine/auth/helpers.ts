import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'undici';
import type { Exchange, HeaderList } from '../../../shared/model';
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
 * A tiny sender over undici.request for these tests only, until the engine's transport lands:
 * it sends exactly the prepared request (and its client certificate, if any) and returns an Exchange.
 */
export async function tinySend(req: PreparedRequest, opts: { ca?: string } = {}): Promise<Exchange> {
  const startedAt = new Date().toISOString();
  let dispatcher: Agent | undefined;
  if (req.tls || opts.ca) {
    const t = req.tls ?? {};
    dispatcher = new Agent({
      connect: {
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(t.certFile ? { cert: await readFile(t.certFile) } : {}),
        ...(t.keyFile ? { key: await readFile(t.keyFile) } : {}),
        ...(t.pfxFile ? { pfx: await readFile(t.pfxFile) } : {}),
        ...(t.passphrase ? { passphrase: t.passphrase } : {}),
      },
    });
  }
  const body = req.body.kind === 'bytes' ? Buffer.from(req.body.data)
    : req.body.kind === 'file' ? createReadStream(req.body.path) : undefined;
  const headers: string[] = req.headers.flat();
  try {
    const res = await request(req.url, { method: req.method as 'GET', headers, body, ...(dispatcher ? { dispatcher } : {}) });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const resHeaders: HeaderList = [];
    for (const [k, v] of Object.entries(res.headers)) {
      if (Array.isArray(v)) for (const x of v) resHeaders.push([k, x]);
      else if (v !== undefined) resHeaders.push([k, v]);
    }
    return {
      id: `x-${Math.random().toString(36).slice(2)}`, startedAt,
      request: { method: req.method, url: req.url, headers: req.headers, bodySize: 0 },
      response: {
        status: res.statusCode, statusText: '', httpVersion: '1.1', headers: resHeaders,
        body: { storage: 'inline', base64: bytes.toString('base64') },
        headersSize: 0, bodySizeCompressed: bytes.length, bodySizeDecoded: bytes.length, contentEncoding: [],
      },
      hops: [], timings: { dns: 0, connect: 0, tls: 0, firstByte: 0, download: 0, total: 0 }, authLog: [], warnings: [],
    };
  } finally {
    await dispatcher?.close();
  }
}

export interface TestContext extends AuthContext {
  logs: string[];
}

export function makeCtx(opts: Partial<AuthContext> & { ca?: string } = {}): TestContext {
  const logs: string[] = [];
  const { ca, ...rest } = opts;
  return {
    send: (r) => tinySend(r, ca ? { ca } : {}),
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
