import { isIP } from 'node:net';
import type { Exchange, HeaderList, Hop } from '../../../shared/model';
import { maskExchange } from '../../../shared/exchange-mask';
import type { ExportResult } from './types';

const nv = (h: HeaderList): { name: string; value: string }[] => h.map(([name, value]) => ({ name, value }));

/**
 * HAR 1.2 of exchanges (history or a run). Exchanges are masked first (credential headers and the
 * given secret values), so a HAR can be attached to a bug report; inline response bodies are
 * included as base64, bodies streamed to files are described only. Each earlier hop of a redirect
 * chain is an entry of its own whose redirectURL names the next, as browsers write them, so a
 * reader (the inspector's harToExchanges) rebuilds the chain.
 */
export function exportHar(exchanges: readonly Exchange[], opts: { secrets?: readonly string[]; creator?: string } = {}): ExportResult {
  const entries = exchanges.flatMap((raw) => {
    const e = maskExchange(raw, opts.secrets ?? []);
    const httpVersion = `HTTP/${e.response.httpVersion.replace(/^HTTP\//, '')}`;
    const url = new URL(e.request.url);
    const ct = e.response.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    const reqCt = e.request.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    return [...e.hops.map((h) => hopEntry(h, httpVersion)), {
      startedDateTime: e.startedAt,
      time: e.timings.total,
      request: {
        method: e.request.method, url: e.request.url, httpVersion,
        cookies: [], headers: nv(e.request.headers), queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        ...(e.request.bodyPreview !== undefined ? { postData: { mimeType: reqCt ?? '', text: e.request.bodyPreview } } : {}),
        headersSize: -1, bodySize: e.request.bodySize,
      },
      response: {
        status: e.response.status, statusText: e.response.statusText, httpVersion, cookies: [], headers: nv(e.response.headers),
        content: {
          size: e.response.bodySizeDecoded, mimeType: ct,
          ...(e.response.body.storage === 'inline' ? { text: e.response.body.base64, encoding: 'base64' } : { comment: `body kept in ${e.response.body.path}` }),
        },
        redirectURL: e.response.headers.find(([k]) => k.toLowerCase() === 'location')?.[1] ?? '',
        headersSize: e.response.headersSize, bodySize: e.response.bodySizeCompressed,
      },
      cache: {},
      timings: { blocked: -1, dns: e.timings.dns, connect: e.timings.connect, ssl: e.timings.tls, send: 0, wait: e.timings.firstByte, receive: e.timings.download },
      ...(e.remoteAddress && ipOnly(e.remoteAddress) ? { serverIPAddress: ipOnly(e.remoteAddress) } : {}),
    }];
  });
  const har = { log: { version: '1.2', creator: { name: opts.creator ?? 'Keyhole', version: '0.1.0' }, entries } };
  return { output: `${JSON.stringify(har, null, 2)}\n`, report: { format: 'har', secretsBlanked: [], warnings: [], notCarried: [] } };
}

/** The engine records "address:port" (probe.ts); HAR's serverIPAddress is the address alone. */
function ipOnly(remote: string): string {
  const addr = remote.slice(0, Math.max(remote.lastIndexOf(':'), 0)).replace(/^\[|\]$/g, '');
  return isIP(addr) !== 0 ? addr : '';
}

/** A redirect hop: Keyhole keeps its headers and status, not its body or timings (-1: unknown). */
function hopEntry(h: Hop, httpVersion: string): Record<string, unknown> {
  const url = URL.canParse(h.request.url) ? new URL(h.request.url) : undefined;
  return {
    startedDateTime: h.startedAt,
    time: 0,
    request: {
      method: h.request.method, url: h.request.url, httpVersion, cookies: [], headers: nv(h.request.headers),
      queryString: url ? [...url.searchParams].map(([name, value]) => ({ name, value })) : [], headersSize: -1, bodySize: h.request.bodySize,
    },
    response: {
      status: h.status, statusText: h.statusText, httpVersion, cookies: [], headers: nv(h.responseHeaders),
      content: { size: 0, mimeType: '' }, redirectURL: h.location ?? '', headersSize: -1, bodySize: -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 },
  };
}
