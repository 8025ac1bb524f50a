import { maskHeaderValue } from '../../mask';
import type { Finding } from '../report';
import type { RefusalContext } from './context';
import { headerValue } from './context';
import { clip, finding } from './finding';
import { FIXES, findMarker } from './network-markers';

/** Refusals about where the request came from (a proxy, an allow-list, a WAF), not who sent it. */

export function proxyFindings(ctx: RefusalContext): Finding[] {
  if (ctx.status !== 407) return [];
  const sent = ctx.creds.proxyAuthorization;
  const via = headerValue(ctx.resHeaders, 'via');
  const ev = [ctx.challengeValues.length > 0 ? `Proxy-Authenticate: ${clip(ctx.challengeValues.join(', '))}` : 'No Proxy-Authenticate header',
    via ? `Via: ${via}` : undefined,
    sent ? `Proxy-Authorization: ${maskHeaderValue('proxy-authorization', sent.raw)}` : 'The request had no Proxy-Authorization header'];
  const wanted = ctx.challenges[0]?.scheme;
  const wrongScheme = sent && wanted && !ctx.challenges.some((c) => c.schemeKey === sent.schemeKey);
  return [finding('proxy-auth-required', sent ? 0.9 : 0.97,
    sent ? (wrongScheme ? `The proxy wants ${wanted}; the proxy credentials were sent as ${sent.scheme}` : 'The proxy refused the proxy credentials') : 'A proxy, not the API, asks for credentials',
    ev,
    ['Set the proxy username and password in the proxy settings (or http://user:pass@proxy:port in HTTPS_PROXY)',
      wanted && /negotiate|ntlm|kerberos/i.test(wanted) ? `The proxy wants ${wanted} (Windows integrated auth): ask IT for a proxy account that accepts Basic, or bypass the proxy for this host` : 'If this host should not go through the proxy, add it to NO_PROXY',
      'These are not the API\'s credentials: the API never saw the request'])];
}

const IP_RE = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/i;
const POLICY_WORDS = /\bvpn\b|\bproxy\b|\btor\b|anonymi[sz]er|data ?cent(er|re)|\bip\b.{0,40}(block|ban|deni|not allowed|allow ?list|white ?list|restrict)|(block|ban|deni|not allowed|allow ?list|white ?list|restrict).{0,40}\bip\b|ip address|your (country|region|location)|(country|region|geo).{0,30}(not (allowed|supported|available)|block|restrict)|geo-?block|firewall|\bwaf\b|rate ?limit|bot (detection|protection)|suspicious (activity|traffic)/;
/** Headers CDNs and gateways add to their own refusals: quoted so the user can cite them to the owner. */
const EDGE_HEADERS = ['cf-ray', 'cf-mitigated', 'x-amz-cf-id', 'x-cache', 'x-iinfo', 'x-cdn', 'x-sucuri-id', 'x-azure-ref', 'x-amzn-errortype'];

export function networkPolicyFindings(ctx: RefusalContext): Finding[] {
  if (ctx.status === 407) return [];
  const raw = `${ctx.messages.join(' \n ')} ${ctx.bodyText.slice(0, 4096)}`;
  const text = raw.toLowerCase();
  const server = headerValue(ctx.resHeaders, 'server');
  const found = findMarker(ctx, raw);
  const policy = POLICY_WORDS.test(text);
  const ip = IP_RE.exec(ctx.messages.join(' '))?.[0];
  if (!found && !policy) return [];
  // A vendor's own block marker outranks what the credentials might also have wrong: the request never got that far.
  const conf = found ? 0.96 : ip !== undefined || /vpn|proxy|country|region|geo|allow ?list|white ?list/.test(text) ? 0.92 : 0.7;
  const kind = found?.marker.kind ?? 'generic';
  return [finding('blocked-by-network-policy', conf,
    found ? found.marker.title : `The refusal is about where the request comes from${ip ? ` (IP ${ip})` : ''}, not about its credentials`,
    [ctx.messages[0] ? `Body: ${clip(ctx.messages.join(' | '))}` : undefined, server ? `Server: ${server}` : undefined, found?.header,
      found?.marker.challenge ? `${ctx.challengeHeaderName}: ${ctx.challengeValues.join(', ')}` : undefined,
      ...EDGE_HEADERS.map((h) => { const v = headerValue(ctx.resHeaders, h); return v ? `${h}: ${v}` : undefined; }),
      ctx.creds.any ? 'Credentials were sent; the refusal is not about them' : undefined],
    FIXES[kind])];
}
