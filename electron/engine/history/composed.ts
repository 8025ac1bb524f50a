import { withUrlForms } from '../../../shared/exchange-mask';
import { redactor } from '../../../shared/mask';
import type { Body, KeyValue, Request, RequestSettings } from '../../../shared/model';
import { newLedger, scrubAuth } from '../exporters/secrets';
import { isReferenceOnly } from '../workspace';
import { cutUtf8, looksLikeCredential, mapCredentialQuery } from './sent';

export interface Composed {
  request: Request;
  /** What was taken out, for the user: "auth password", "header X-Api-Key", "body after 64 KiB". */
  omitted: string[];
}

/** Empty, or only {{references}}: no secret in it, so it is kept and re-opens as written. */
const harmless = (value: string): boolean => value === '' || isReferenceOnly(value);

/**
 * The request as the user composed it, fit to be written to the history file and re-opened:
 * secret auth fields, credential-looking headers, query and form values, proxy and TLS secrets
 * and URL passwords are emptied (a {{reference}} to a secret stays, it holds none), every known
 * secret value left anywhere else is masked, and long body texts are cut at `cap` bytes.
 */
export function composedOf(draft: Request, secrets: readonly string[], cap: number): Composed {
  const omitted: string[] = [];
  const rows = (list: KeyValue[], what: string): KeyValue[] => list.map((r) => {
    if (!looksLikeCredential(r.key) || harmless(r.value)) return r;
    omitted.push(`${what} ${r.key}`);
    return { ...r, value: '' };
  });
  const ledger = newLedger();
  const auth = scrubAuth(draft.auth, 'auth', false, ledger);
  omitted.push(...ledger.blanked.map((p) => p.replace('.', ' ')));
  const scrubbed: Request = {
    ...draft,
    url: scrubUrl(draft.url, omitted),
    query: rows(draft.query, 'query'),
    headers: rows(draft.headers, 'header'),
    auth,
    body: scrubBody(draft.body, cap, omitted, rows),
    settings: scrubSettings(draft.settings, omitted),
  };
  let masked = false;
  const redact = redactor(withUrlForms(secrets));
  const request = mapStrings(scrubbed, (s) => {
    const r = redact(s);
    if (r !== s) masked = true;
    return r;
  });
  if (masked) omitted.push('secret values elsewhere in the request (masked)');
  return { request, omitted: [...new Set(omitted)] };
}

function scrubUrl(url: string, omitted: string[]): string {
  const withoutPassword = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):([^/?#@]*)@/i, (whole, before: string, password: string) => {
    if (harmless(password)) return whole;
    omitted.push('URL password');
    return `${before}@`;
  });
  return mapCredentialQuery(withoutPassword, (value, name) => {
    if (harmless(value)) return value;
    omitted.push(`query ${name}`);
    return '';
  });
}

function scrubBody(body: Body, cap: number, omitted: string[], rows: (list: KeyValue[], what: string) => KeyValue[]): Body {
  const cut = (text: string): string => {
    const kept = cutUtf8(text, cap);
    if (kept !== text) omitted.push(`body after ${Math.round(cap / 1024)} KiB`);
    return kept;
  };
  switch (body.mode) {
    case 'json': case 'xml': case 'text':
      return { ...body, text: cut(body.text) };
    case 'graphql':
      return { ...body, query: cut(body.query), variables: cut(body.variables) };
    case 'form-urlencoded':
      return { ...body, fields: rows(body.fields, 'body field') };
    case 'multipart':
      return {
        ...body,
        fields: body.fields.map((f) => {
          if (f.kind !== 'text' || !looksLikeCredential(f.name) || harmless(f.value)) return f;
          omitted.push(`body field ${f.name}`);
          return { ...f, value: '' };
        }),
      };
    default:
      return body;
  }
}

function scrubSettings(settings: RequestSettings, omitted: string[]): RequestSettings {
  let out = settings;
  const proxyPassword = settings.proxy?.password;
  if (proxyPassword !== undefined && !harmless(proxyPassword)) {
    const { password: _p, ...proxy } = settings.proxy ?? {};
    out = { ...out, proxy };
    omitted.push('proxy password');
  }
  const passphrase = settings.tls?.passphrase;
  if (passphrase !== undefined && !harmless(passphrase)) {
    const { passphrase: _p, ...tls } = settings.tls ?? {};
    out = { ...out, tls };
    omitted.push('TLS passphrase');
  }
  return out;
}

/** Every string of a plain JSON-like value through `fn`, the shape kept. */
function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}
