import type { HeaderList } from '../../model';
import type { Finding } from '../report';
import type { RefusalContext } from './context';
import { extractCredentials } from './credentials';
import { finding, quote } from './finding';

/**
 * Credentials lost on a cross-origin redirect. Clients must drop Authorization and cookies when a
 * redirect leaves the origin (Fetch, HTTP-redirect fetch step 13), so a refusal at the end of such
 * a chain is the redirect's doing, not the credentials'.
 */

interface Step { method: string; url: string; headers: HeaderList; status: number; removed: string[] }

const originOf = (u: string): string | undefined => {
  try {
    return new URL(u).origin;
  } catch {
    return undefined;
  }
};

function credentialNames(headers: HeaderList, url: string): string[] {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const c = extractCredentials(headers, parsed);
  return [
    ...(c.authorization ? [c.authorization.header] : []),
    ...c.apiKeys.map((k) => (k.where === 'header' ? k.name : `query ${k.name}`)),
    ...(c.sessionCookies.length > 0 ? ['Cookie'] : []),
  ];
}

export function redirectFindings(ctx: RefusalContext): Finding[] {
  const hops = ctx.exchange.hops;
  if (hops.length === 0) return [];
  const steps: Step[] = [
    ...hops.map((h) => ({ method: h.request.method, url: h.request.url, headers: h.request.headers, status: h.status, removed: h.removedHeaders })),
    { method: ctx.method, url: ctx.urlText, headers: ctx.reqHeaders, status: ctx.status, removed: [] },
  ];
  const finalCreds = credentialNames(ctx.reqHeaders, ctx.urlText);
  if (finalCreds.length > 0) return [];
  for (let i = steps.length - 2; i >= 0; i--) {
    const from = steps[i] as Step;
    const to = steps[i + 1] as Step;
    const had = credentialNames(from.headers, from.url);
    const crossOrigin = originOf(from.url) !== originOf(to.url);
    if (had.length === 0 || (!crossOrigin && from.removed.length === 0)) continue;
    const toOrigin = originOf(to.url) ?? to.url;
    const authHeader = from.headers.find(([n]) => n.toLowerCase() === 'authorization');
    return [finding('credentials-dropped-on-redirect', 0.93,
      `The redirect to ${toOrigin} dropped ${had.join(', ')}, so the final request arrived without credentials`,
      [`${from.method} ${from.url} carried ${authHeader ? quote(authHeader[0], authHeader[1]) : had.join(', ')}`,
        `${from.status} redirect to ${to.url}${crossOrigin ? ' (another origin)' : ''}`,
        from.removed.length > 0 ? `Removed before the next hop: ${from.removed.join(', ')}` : `Credentials are removed on a cross-origin redirect (Fetch standard, HTTP-redirect fetch step 13)`,
        `${ctx.method} ${ctx.urlText} carried no credentials and got ${ctx.status}`],
      [`Send the request to ${toOrigin} directly with the credentials it needs`,
        `If you trust ${toOrigin}, allow forwarding credentials to it in the request settings (forwardCredentialsTo)`,
        'API developer: redirect to a pre-signed URL, or keep the redirect on the same origin'])];
  }
  return [];
}
