import { TLS_PROTOCOLS, type RequestSettings, type TlsProtocol } from '../../model';
import type { ReportNotes } from '../report';

/**
 * Postman's protocolProfileBehavior and Keyhole's settings, both ways. Postman keeps it on the
 * collection, folders and requests, a deeper level's key winning (postman-collection's
 * getProtocolProfileBehaviorResolved), as Keyhole's settings inherit; the meanings follow
 * postman-runtime's requester (lib/requester/core.js) and postman-request's redirect handling.
 */
export type Ppb = Record<string, unknown>;

/** Methods whose body Postman does not send unless protocolProfileBehavior.disableBodyPruning is true. */
export const PRUNED_METHODS: ReadonlySet<string> = new Set(['GET', 'COPY', 'HEAD', 'PURGE', 'UNLOCK']);

/** Where the block sits: Postman's defaults are said once, at the collection. */
export type PpbLevel = 'collection' | 'folder' | 'request';

/** disabledSystemHeaders names Keyhole has a switch for, and the switch. */
const HEADER_SWITCHES = { 'user-agent': 'userAgent', accept: 'accept', 'content-type': 'contentType' } as const;
type HeaderSwitch = (typeof HEADER_SWITCHES)[keyof typeof HEADER_SWITCHES];

/** Why the other system headers Postman can switch off have no Keyhole switch. */
const HEADER_REASONS: Record<string, string> = {
  'cache-control': 'Keyhole sends no Cache-Control of its own',
  'postman-token': 'Keyhole sends no Postman-Token',
  'accept-encoding': 'Keyhole sends no Accept-Encoding of its own',
  host: 'Keyhole\'s HTTP client always sends Host (HTTP/1.1 requires it)',
  connection: 'Keyhole\'s HTTP client manages Connection itself',
  'content-length': 'Keyhole\'s HTTP client always frames a body with Content-Length',
};

/** Postman writes TLSv1_1 where Node writes TLSv1.1. */
const pmProtocol = (p: TlsProtocol): string => p.replace('.', '_');
const keyholeProtocol = (p: string): TlsProtocol | undefined => TLS_PROTOCOLS.find((k) => pmProtocol(k) === p || k === p);

const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * protocolProfileBehavior → settings. At the collection level Postman's own default for the
 * Referer (sent on redirects) is written out, since Keyhole's default is not to send it.
 */
export function settingsFromPpb(ppb: unknown, level: PpbLevel, place: string, notes: ReportNotes): RequestSettings {
  const out: RequestSettings = level === 'collection' ? { refererOnRedirect: true } : {};
  if (typeof ppb !== 'object' || ppb === null || Array.isArray(ppb)) return out;
  const tls: NonNullable<RequestSettings['tls']> = {};
  const unsupported = (k: string, why: string) => notes.add(`${place}.${k}`, 'setting', `Postman setting ${k} ${why}`);
  for (const [k, v] of Object.entries(ppb as Ppb)) {
    if (k === 'disableBodyPruning') continue; // Read where the body is imported: a pruned body is not sent.
    if (typeof v === 'boolean') {
      if (k === 'followRedirects' || k === 'followOriginalHttpMethod' || k === 'followAuthorizationHeader' || k === 'disableCookies' || k === 'disableUrlEncoding' || k === 'insecureHTTPParser') {
        out[k] = v;
        continue;
      }
      if (k === 'strictSSL') { tls.verify = v; continue; }
      if (k === 'removeRefererHeaderOnRedirect') { out.refererOnRedirect = !v; continue; }
      if (k === 'tlsPreferServerCiphers') { tls.preferServerCiphers = v; continue; }
    }
    if (k === 'maxRedirects' && typeof v === 'number' && Number.isInteger(v) && v >= 0) { out.maxRedirects = v; continue; }
    if (k === 'tlsDisabledProtocols' && stringList(v)) {
      const known = v.map(keyholeProtocol);
      const bad = v.filter((_, i) => known[i] === undefined);
      if (bad.length > 0) unsupported(k, `names unknown TLS versions (${bad.join(', ')}); they were left out`);
      tls.disabledProtocols = known.filter((p): p is TlsProtocol => p !== undefined);
      continue;
    }
    if (k === 'tlsCipherSelection' && stringList(v)) { tls.ciphers = v.filter((c) => c.trim() !== ''); continue; }
    if (k === 'disabledSystemHeaders' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const switches: Partial<Record<HeaderSwitch, boolean>> = {};
      for (const [name, off] of Object.entries(v as Ppb)) {
        const lower = name.toLowerCase();
        const sw = HEADER_SWITCHES[lower as keyof typeof HEADER_SWITCHES] as HeaderSwitch | undefined;
        if (off !== true) continue;
        if (sw) switches[sw] = false;
        else unsupported(`${k}.${name}`, `is not carried over: ${HEADER_REASONS[lower] ?? 'Postman does not switch that header off either'}`);
      }
      if (Object.keys(switches).length > 0) out.defaultHeaders = switches;
      continue;
    }
    if (k === 'protocolVersion' && (v === 'http1' || v === 'http2' || v === 'auto')) {
      // Keyhole negotiates HTTP/2 by ALPN or stays on HTTP/1.1; it has no HTTP/2-only mode.
      out.http2 = v !== 'http1';
      if (v === 'http2') unsupported(k, 'http2 became HTTP/2 by negotiation (ALPN), with HTTP/1.1 where the server offers only that');
      continue;
    }
    unsupported(k, `(${JSON.stringify(v)}) is not supported`);
  }
  if (Object.keys(tls).length > 0) out.tls = tls;
  return out;
}

/** Settings → protocolProfileBehavior; what Postman cannot say is noted, not dropped silently. */
export function ppbFromSettings(s: RequestSettings, level: PpbLevel, place: string, notes: ReportNotes): Ppb | undefined {
  const ppb: Ppb = {};
  const none = (k: string) => notes.add(`${place}.settings.${k}`, 'setting', `setting ${k} has no Postman equivalent`);
  // Postman sends a Referer on redirects unless told not to; Keyhole only when told to.
  if (level === 'collection' && s.refererOnRedirect !== true) ppb.removeRefererHeaderOnRedirect = true;
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined) continue;
    switch (k) {
      case 'followRedirects': case 'maxRedirects': case 'followOriginalHttpMethod': case 'followAuthorizationHeader':
      case 'disableCookies': case 'disableUrlEncoding': case 'insecureHTTPParser':
        ppb[k] = v;
        break;
      case 'refererOnRedirect':
        if (level !== 'collection') ppb.removeRefererHeaderOnRedirect = v !== true;
        break;
      case 'http2':
        ppb.protocolVersion = v === true ? 'auto' : 'http1';
        break;
      case 'tls':
        tlsToPpb(s.tls ?? {}, ppb, place, notes);
        break;
      case 'defaultHeaders': {
        const off: Record<string, boolean> = {};
        for (const [name, sw] of Object.entries(HEADER_SWITCHES)) if (s.defaultHeaders?.[sw] === false) off[name] = true;
        if (Object.keys(off).length > 0) ppb.disabledSystemHeaders = off;
        break;
      }
      default:
        none(k);
    }
  }
  return Object.keys(ppb).length > 0 ? ppb : undefined;
}

function tlsToPpb(t: NonNullable<RequestSettings['tls']>, ppb: Ppb, place: string, notes: ReportNotes): void {
  for (const [k, v] of Object.entries(t)) {
    if (v === undefined) continue;
    if (k === 'verify') ppb.strictSSL = v;
    else if (k === 'disabledProtocols') ppb.tlsDisabledProtocols = (v as TlsProtocol[]).map(pmProtocol);
    else if (k === 'ciphers') ppb.tlsCipherSelection = v;
    else if (k === 'preferServerCiphers') ppb.tlsPreferServerCiphers = v;
    // Certificates and CAs are Postman app settings per host, outside the collection file.
    else notes.add(`${place}.settings.tls.${k}`, 'setting', `setting tls.${k} has no Postman equivalent`);
  }
}
