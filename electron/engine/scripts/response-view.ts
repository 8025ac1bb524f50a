import { readFileSync } from 'node:fs';
import { Cookie } from 'tough-cookie';
import type { Exchange } from '../../../shared/model';

/** What pm.response shows without its body (the body is read only when a script asks). */
export interface ResponseMeta {
  code: number;
  status: string;
  headers: [string, string][];
  responseTime: number;
  responseSize: number;
}

export function exchangeMeta(x: Exchange): ResponseMeta {
  return {
    code: x.response.status, status: x.response.statusText, headers: x.response.headers,
    responseTime: Math.round(x.timings.total), responseSize: x.response.bodySizeDecoded,
  };
}

/** The decoded body as text (UTF-8), from memory or from the file a large body was streamed to. */
export function exchangeText(x: Exchange): string {
  const b = x.response.body;
  return b.storage === 'inline' ? Buffer.from(b.base64, 'base64').toString('utf8') : readFileSync(b.path, 'utf8');
}

/** The cookies this response set, by name: what pm.cookies shows when the caller has no jar. */
export function responseCookies(x: Exchange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of x.response.headers) {
    if (k.toLowerCase() !== 'set-cookie') continue;
    const c = Cookie.parse(v);
    if (c) out[c.key] = c.value;
  }
  return out;
}
