import { request } from 'undici';
import { KeyholeError } from '../../../../shared/errors';
import type { Exchange, HeaderList } from '../../../../shared/model';
import type { PreparedRequest } from '../../../../electron/engine/http/types';

/**
 * A minimal stand-in for the engine's send (electron/engine/http) while it is being built: one
 * undici request, no redirects, inline body, transport errors as KeyholeErrors with the engine's
 * codes. It records every request so tests can prove what was (not) sent.
 */
export function undiciSend(opts: { timeoutMs?: number } = {}) {
  const sent: PreparedRequest[] = [];
  const send = async (req: PreparedRequest): Promise<Exchange> => {
    sent.push(req);
    const startedAt = new Date().toISOString();
    const body = req.body.kind === 'bytes' ? Buffer.from(req.body.data) : undefined;
    const headers: HeaderList = [...req.headers];
    if (req.body.kind === 'bytes' && req.body.contentType && !headers.some(([k]) => k.toLowerCase() === 'content-type')) {
      headers.push(['content-type', req.body.contentType]);
    }
    const timeout = opts.timeoutMs ?? 10_000;
    let res;
    try {
      res = await request(req.url, {
        method: req.method as 'GET',
        headers: headers.flat(),
        ...(body ? { body } : {}),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw new KeyholeError('timeout', `${req.method} ${req.url}: no answer within ${timeout} ms`, { cause: e });
      }
      throw new KeyholeError('network', `${req.method} ${req.url}: ${(e as Error).message} (${code})`, { cause: e });
    }
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const responseHeaders: HeaderList = [];
    for (const [k, v] of Object.entries(res.headers)) {
      if (Array.isArray(v)) for (const x of v) responseHeaders.push([k, x]);
      else if (v !== undefined) responseHeaders.push([k, v]);
    }
    return {
      id: String(sent.length),
      startedAt,
      request: { method: req.method, url: req.url, headers, bodySize: body?.length ?? 0 },
      response: {
        status: res.statusCode,
        statusText: '',
        httpVersion: '1.1',
        headers: responseHeaders,
        body: { storage: 'inline', base64: bytes.toString('base64') },
        headersSize: 0,
        bodySizeCompressed: bytes.length,
        bodySizeDecoded: bytes.length,
        contentEncoding: [],
      },
      hops: [],
      timings: { dns: 0, connect: 0, tls: 0, firstByte: 0, download: 0, total: 0 },
      authLog: [],
      warnings: [],
    };
  };
  return { send, sent };
}
