import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface GuardConfig {
  /** The port the bridge listens on: Host and Origin must name exactly this loopback address. */
  port: number;
  token: string;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

const TOKEN_HEADER = 'x-keyhole-token';
export { TOKEN_HEADER };

/** The Host values a browser sends for this bridge: DNS rebinding arrives with another name. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/**
 * Decides whether a request may reach the bridge. Every request: the Host must be this loopback
 * address (a rebinding attacker's page sends its own host name), and a present Origin must be this
 * bridge's own (a cross-site page's fetch carries its origin; Sec-Fetch-Site says cross-site even
 * where Origin is stripped). API calls also need the per-launch token, which a page on another
 * origin cannot read.
 */
export function check(headers: IncomingHttpHeaders, cfg: GuardConfig, api: boolean): Verdict {
  const host = headers.host ?? '';
  if (!allowedHosts(cfg.port).has(host.toLowerCase())) return { ok: false, status: 403, reason: 'Host is not this bridge (DNS rebinding?)' };
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host.toLowerCase()}`) return { ok: false, status: 403, reason: 'cross-origin request' };
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || (api && site === 'same-site')) return { ok: false, status: 403, reason: 'cross-site request' };
  if (!api) return { ok: true };
  const given = headers[TOKEN_HEADER];
  if (typeof given !== 'string' || !sameToken(given, cfg.token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
