import { TLS_PROTOCOLS, type Request, type RequestSettings, type TlsProtocol } from '../../../../shared/model';
import { Select } from '../../ui';

type Settings = Request['settings'];
type Flag = 'followOriginalHttpMethod' | 'refererOnRedirect' | 'followAuthorizationHeader' | 'disableCookies' | 'disableUrlEncoding' | 'insecureHTTPParser';

/**
 * Switches the folder or collection may set for the request (a Postman import sets the Referer on
 * its collection): each one offers "as inherited" besides yes and no, since a plain checkbox would
 * show a default the request does not actually get.
 */
const FLAGS: { key: Flag; label: string; yes: string; no: string }[] = [
  { key: 'followOriginalHttpMethod', label: 'Method on a 301/302/303 redirect', yes: 'kept, with its body', no: 'GET (POST and 303 only)' },
  { key: 'refererOnRedirect', label: 'Referer on redirects', yes: 'sent', no: 'not sent' },
  { key: 'followAuthorizationHeader', label: 'Authorization on a redirect to another origin', yes: 'kept', no: 'removed' },
  { key: 'disableCookies', label: 'Cookie jar', yes: 'not used', no: 'used' },
  { key: 'disableUrlEncoding', label: 'URL path and query', yes: 'sent as typed', no: 'percent-encoded' },
  { key: 'insecureHTTPParser', label: 'Malformed HTTP/1.1 responses', yes: 'read leniently', no: 'refused' },
];

type Tri = '' | 'yes' | 'no';
const triOf = (v: boolean | undefined): Tri => (v === undefined ? '' : v ? 'yes' : 'no');
const boolOf = (t: Tri): boolean | undefined => (t === '' ? undefined : t === 'yes');

/** Redirect, cookie, URL and TLS behaviour (Postman's protocolProfileBehavior), in the Settings tab. */
export function ProtocolSettings({ s, set }: { s: Settings; set: (patch: Partial<RequestSettings>) => void }) {
  const disabled = new Set(s.tls?.disabledProtocols ?? []);
  const toggleProtocol = (p: TlsProtocol, refuse: boolean): void => {
    const next = TLS_PROTOCOLS.filter((x) => (x === p ? refuse : disabled.has(x)));
    set({ tls: { ...s.tls, disabledProtocols: next.length > 0 ? next : undefined } });
  };
  const ciphers = (s.tls?.ciphers ?? []).join(':');
  return (
    <>
      {FLAGS.map((f) => (
        <label key={f.key}>
          {f.label}{' '}
          <Select<Tri>
            label={f.label}
            value={triOf(s[f.key])}
            onChange={(t) => set({ [f.key]: boolOf(t) })}
            options={[{ value: '', label: 'as inherited' }, { value: 'yes', label: f.yes }, { value: 'no', label: f.no }]}
          />
        </label>
      ))}
      <label>
        Body Content-Type{' '}
        <Select<Tri>
          label="Body Content-Type"
          value={s.defaultHeaders?.contentType === false ? 'no' : s.defaultHeaders?.contentType === true ? 'yes' : ''}
          onChange={(t) => set({ defaultHeaders: { ...s.defaultHeaders, contentType: boolOf(t) } })}
          options={[{ value: '', label: 'as inherited' }, { value: 'yes', label: 'sent' }, { value: 'no', label: 'not sent' }]}
        />
      </label>
      <fieldset className="tls-protocols">
        <legend>TLS versions refused</legend>
        {TLS_PROTOCOLS.filter((p) => p.startsWith('TLS')).map((p) => (
          <label key={p}><input type="checkbox" aria-label={`Refuse ${p}`} checked={disabled.has(p)} onChange={(e) => toggleProtocol(p, e.target.checked)} /> {p}</label>
        ))}
      </fieldset>
      <label title="OpenSSL cipher names, separated by colons, offered in this order instead of Node's default list">
        TLS ciphers{' '}
        {/* Taken on leaving the field: a list being typed ("A:") is not yet a list. */}
        <input
          key={ciphers}
          aria-label="TLS ciphers"
          defaultValue={ciphers}
          placeholder="default"
          onBlur={(e) => {
            const list = e.target.value.split(':').map((c) => c.trim()).filter((c) => c !== '');
            if (list.join(':') !== ciphers) set({ tls: { ...s.tls, ciphers: list.length > 0 ? list : undefined } });
          }}
        />
      </label>
      <label>
        <input type="checkbox" aria-label="Prefer the server's cipher order" checked={s.tls?.preferServerCiphers ?? false} onChange={(e) => set({ tls: { ...s.tls, preferServerCiphers: e.target.checked ? true : undefined } })} />
        {' '}Prefer the server&apos;s cipher order
      </label>
    </>
  );
}
