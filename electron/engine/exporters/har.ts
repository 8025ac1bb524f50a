import type { Exchange, HeaderList } from '../../../shared/model';
import { maskExchange } from '../../../shared/exchange-mask';
import type { ExportResult } from './types';

const nv = (h: HeaderList): { name: string; value: string }[] => h.map(([name, value]) => ({ name, value }));

/**
 * HAR 1.2 of exchanges (history or a run). Exchanges are masked first (credential headers and the
 * given secret values), so a HAR can be attached to a bug report; inline response bodies are
 * included as base64, bodies streamed to files are described only.
 */
export function exportHar(exchanges: readonly Exchange[], opts: { secrets?: readonly string[]; creator?: string } = {}): ExportResult {
  const entries = exchanges.map((raw) => {
    const e = maskExchange(raw, opts.secrets ?? []);
    const url = new URL(e.request.url);
    const ct = e.response.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    const reqCt = e.request.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    return {
      startedDateTime: e.startedAt,
      time: e.timings.total,
      request: {
        method: e.request.method, url: e.request.url, httpVersion: e.response.httpVersion.startsWith('HTTP') ? e.response.httpVersion : `HTTP/${e.response.httpVersion}`,
        cookies: [], headers: nv(e.request.headers), queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        ...(e.request.bodyPreview !== undefined ? { postData: { mimeType: reqCt ?? '', text: e.request.bodyPreview } } : {}),
        headersSize: -1, bodySize: e.request.bodySize,
      },
      response: {
        status: e.response.status, statusText: e.response.statusText, httpVersion: `HTTP/${e.response.httpVersion.replace(/^HTTP\//, '')}`, cookies: [], headers: nv(e.response.headers),
        content: {
          size: e.response.bodySizeDecoded, mimeType: ct,
          ...(e.response.body.storage === 'inline' ? { text: e.response.body.base64, encoding: 'base64' } : { comment: `body kept in ${e.response.body.path}` }),
        },
        redirectURL: e.response.headers.find(([k]) => k.toLowerCase() === 'location')?.[1] ?? '',
        headersSize: e.response.headersSize, bodySize: e.response.bodySizeCompressed,
      },
      cache: {},
      timings: { blocked: -1, dns: e.timings.dns, connect: e.timings.connect, ssl: e.timings.tls, send: 0, wait: e.timings.firstByte, receive: e.timings.download },
      ...(e.remoteAddress ? { serverIPAddress: e.remoteAddress } : {}),
    };
  });
  const har = { log: { version: '1.2', creator: { name: opts.creator ?? 'Keyhole', version: '0.1.0' }, entries } };
  return { output: `${JSON.stringify(har, null, 2)}\n`, report: { format: 'har', secretsBlanked: [], warnings: [], notCarried: [] } };
}
