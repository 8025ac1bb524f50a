import { KeyholeError } from '../../../shared/errors';
import type { ProfileSlot } from '../../../shared/model';

/**
 * The origin of a URL as a profile's `allowedOrigins` lists it: scheme://host:port with the default
 * port written out, so `https://api.example.com` and `https://api.example.com:443` are one origin.
 */
export function originKey(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const port = u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
  return `${u.protocol}//${u.hostname.toLowerCase()}:${port}`;
}

/**
 * Refuses, before anything is sent, a request whose auth comes from a profile slot that names the
 * origins it may reach when the request's URL is not one of them (guarantee 1). An empty list
 * means no restriction. Entries that are not http(s) origins never match.
 */
export function assertProfileOrigin(url: string, profile: string | undefined, slots: readonly ProfileSlot[]): void {
  if (profile === undefined) return;
  const allowed = slots.find((s) => s.name === profile)?.allowedOrigins ?? [];
  if (allowed.length === 0) return;
  const origin = originKey(url);
  if (origin !== undefined && allowed.some((a) => originKey(a) === origin)) return;
  const shown = origin ?? url.slice(0, 200);
  throw new KeyholeError('auth-config', `Auth profile "${profile}" may only be sent to ${allowed.join(', ')}; this request targets ${shown}, so nothing was sent`, {
    hint: `Point the request at one of the allowed origins, or add ${shown} to the allowedOrigins of profile "${profile}" in the collection.`,
    details: { profile, origin: shown, allowedOrigins: allowed },
  });
}

/**
 * The profile's allowedOrigins in originKey form, for the transport: a redirect may forward
 * credentials (forwardCredentialsTo) only to these. Undefined when the profile restricts nothing.
 */
export function credentialOrigins(profile: string | undefined, slots: readonly ProfileSlot[]): { profile: string; origins: string[] } | undefined {
  if (profile === undefined) return undefined;
  const allowed = slots.find((s) => s.name === profile)?.allowedOrigins ?? [];
  if (allowed.length === 0) return undefined;
  // An entry that is not an http(s) origin matches nothing, as in assertProfileOrigin; kept as a
  // marker so an all-invalid list still restricts rather than allowing everything.
  return { profile, origins: allowed.map((a) => originKey(a) ?? `invalid:${a}`) };
}
