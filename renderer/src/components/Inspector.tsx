import { useEffect, useMemo, useState } from 'react';
import type { ExplainEntry, Finding, JwtInspection } from '../../../shared/inspector/report';
import type { SendResult } from '../../../shared/ipc';
import { api } from '../lib/api';
import { useStore } from '../lib/store';
import type { Auth } from '../../../shared/model';
import { editDraft, send } from '../state/tabs';
import { ui } from '../state/ui';
import { activeCollection, activeEnvironment, workspace } from '../state/workspace';

const AUTH_FINDINGS = new Set(['no-credentials', 'scheme-mismatch', 'credentials-rejected', 'api-key-misplaced', 'malformed-basic-credentials', 'session-missing', 'session-expired', 'challenge-missing']);
const TOKEN_FINDINGS = new Set(['token-expired', 'token-not-yet-valid', 'token-malformed', 'token-signature-invalid', 'token-audience-mismatch', 'token-issuer-mismatch', 'insufficient-scope']);

/**
 * The inspector: explanation cards for a refused response, and the JWT decoder. `response` is the
 * exchange on show when it is not the tab's own (a Runner row's); fix actions need a tab to act on.
 */
export interface InspectorProps {
  /** The request tab the fix actions act on; absent for a Runner row's exchange. */
  tabId?: string | undefined;
  auth?: Auth | undefined;
  response?: SendResult | undefined;
}

export function Inspector({ tabId, auth, response }: InspectorProps) {
  const explanation = response?.explanation;
  const tab = tabId === undefined ? undefined : { id: tabId, auth };
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>Inspector</h2>
      {explanation ? <Explanation entry={explanation} tab={tab} /> : <p className="muted">When a response is 401, 403 or 407, the reasons show here.</p>}
      <JwtDecoder auth={auth} response={response} />
    </aside>
  );
}

type TabRef = { id: string; auth: Auth | undefined } | undefined;

function Explanation({ entry, tab }: { entry: ExplainEntry; tab: TabRef }) {
  return (
    <section aria-label="Explanation" className="explanation">
      <h3>Why {entry.status}?</h3>
      {entry.findings.map((f, i) => <FindingCard key={`${f.id}-${i}`} finding={f} primary={i === 0} tab={tab} />)}
    </section>
  );
}

function FindingCard({ finding, primary, tab }: { finding: Finding; primary: boolean; tab: TabRef }) {
  const collection = useStore(workspace, (s) => activeCollection(s));
  const env = useStore(workspace, (s) => activeEnvironment(s));
  const [busy, setBusy] = useState(false);
  const profiles = Object.keys(env?.profiles ?? {}).filter((p) => !(tab?.auth?.type === 'profile' && tab.auth.profile === p));
  const act = async (fn: () => Promise<void> | void): Promise<void> => {
    setBusy(true);
    try { await fn(); } finally { setBusy(false); }
  };
  return (
    <article className={`finding ${primary ? 'primary' : ''}`} aria-label={finding.title} data-finding={finding.id}>
      <h4>{finding.title}</h4>
      <p className="muted"><code>{finding.id}</code> · confidence {Math.round(finding.confidence * 100)}%{primary ? ' · most likely' : ''}</p>
      {finding.evidence.length > 0 && <><h5>Evidence</h5><ul>{finding.evidence.map((e, i) => <li key={i}><code>{e}</code></li>)}</ul></>}
      {finding.fixes.length > 0 && <><h5>Fix</h5><ul>{finding.fixes.map((e, i) => <li key={i}>{e}</li>)}</ul></>}
      {tab && (
        <div className="row actions">
          {TOKEN_FINDINGS.has(finding.id) && (
            <button type="button" disabled={busy} onClick={() => void act(async () => {
              await api['auth.forgetToken']({ ...(collection ? { collectionId: collection.id } : {}) });
              await send(tab.id);
            })}>Refresh token now</button>
          )}
          {(AUTH_FINDINGS.has(finding.id) || TOKEN_FINDINGS.has(finding.id)) && profiles.map((p) => (
            <button key={p} type="button" disabled={busy} onClick={() => void act(async () => {
              editDraft(tab.id, (d) => ({ ...d, auth: { type: 'profile', profile: p } }));
              await send(tab.id);
            })}>Switch to profile {p}</button>
          ))}
          <button type="button" onClick={() => window.dispatchEvent(new CustomEvent('keyhole:open-section', { detail: finding.id === 'proxy-auth-required' ? 'Settings' : 'Auth' }))}>
            {finding.id === 'proxy-auth-required' ? 'Open proxy settings' : 'Open auth settings'}
          </button>
        </div>
      )}
    </article>
  );
}

/** A token from the request's bearer auth or the response body, to offer in the decoder. */
function tokenFrom(auth: Auth | undefined, response: SendResult | undefined): string | undefined {
  if (auth?.type === 'bearer' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(auth.token.trim())) return auth.token.trim();
  const body = response?.exchange.response.body;
  if (body?.storage === 'inline' && body.base64.length < 200_000) {
    const m = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/.exec(atob(body.base64));
    if (m) return m[0];
  }
  return undefined;
}

function JwtDecoder({ auth, response }: { auth: Auth | undefined; response: SendResult | undefined }) {
  const pushed = useStore(ui, (s) => s.jwt);
  const [token, setToken] = useState('');
  const [key, setKey] = useState('');
  const [result, setResult] = useState<JwtInspection | undefined>();
  // Decoding and scanning up to 150 kB of body must not happen on every URL keystroke (each one
  // gives the tab a new draft): only when the auth or the response changes.
  const found = useMemo(() => tokenFrom(auth, response), [auth, response]);
  useEffect(() => { if (pushed) setToken(pushed); }, [pushed]);
  const decode = async (t = token): Promise<void> => setResult(await api['inspector.jwt']({ token: t, ...(key.trim() ? { key } : {}) }));
  return (
    <section aria-label="JWT decoder" className="jwt">
      <h3>JWT decoder</h3>
      {found && found !== token && <button type="button" onClick={() => { setToken(found); void decode(found); }}>Use token from {auth?.type === 'bearer' ? 'request' : 'response'}</button>}
      <label>Token<textarea aria-label="JWT" value={token} rows={3} spellCheck={false} onChange={(e) => setToken(e.target.value)} /></label>
      <label>Key to verify (JWK, JWKS, PEM or shared secret; optional)<textarea aria-label="Verification key" value={key} rows={2} spellCheck={false} onChange={(e) => setKey(e.target.value)} /></label>
      <button type="button" onClick={() => void decode()}>Decode</button>
      {result && !result.ok && <p role="alert">Cannot decode{result.error.segmentName ? ` (${result.error.segmentName})` : ''}: {result.error.message}</p>}
      {result?.ok && (
        <div aria-label="Decoded token">
          {result.report.verification && (
            <p role="status" className={result.report.verification.verified ? 'ok' : 'warn'}>
              {result.report.verification.verified ? 'Signature verified' : 'Signature NOT verified'}: {result.report.verification.message}
            </p>
          )}
          {result.report.warnings.length > 0 && <ul aria-label="Token warnings">{result.report.warnings.map((w) => <li key={w.code} className="warn">{w.message}</li>)}</ul>}
          <table className="kv compact" aria-label="Claims">
            <tbody>{result.report.claims.map((c) => (
              <tr key={c.name}><th scope="row" title={c.meaning}>{c.name}</th><td><code>{JSON.stringify(c.value)}</code>{c.iso && <div className="muted">{c.iso} ({c.relative})</div>}</td></tr>
            ))}</tbody>
          </table>
          <details><summary>Header</summary><pre>{JSON.stringify(result.report.header, null, 2)}</pre></details>
        </div>
      )}
    </section>
  );
}
