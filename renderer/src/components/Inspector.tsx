import { useEffect, useMemo, useState } from 'react';
import type { ExplainEntry, Finding, JwtInspection } from '../../../shared/inspector/report';
import type { ShownResult } from '../../../shared/ipc';
import { api } from '../lib/api';
import { useStore } from '../lib/store';
import type { Auth } from '../../../shared/model';
import { editDraft, send, tabs } from '../state/tabs';
import { openDialog, ui } from '../state/ui';
import { collectionById, environmentOf, workspace } from '../state/workspace';
import { locate } from '../lib/tree';
import { authSource, describeSource, type AuthSource } from '../features/inspector/auth-source';
import { actionsFor, fixesFor, type FixAction } from '../features/inspector/fix-actions';
import { useCollapseWhenEmpty } from '../features/inspector/use-collapse-when-empty';
import '../features/inspector/inspector.css';

/**
 * The inspector: explanation cards for a refused response, and the JWT decoder. `response` is the
 * exchange on show when it is not the tab's own (a Runner row's); fix actions need a tab to act on.
 */
export interface InspectorProps {
  /** The request tab the fix actions act on; absent for a Runner row's exchange. */
  tabId?: string | undefined;
  auth?: Auth | undefined;
  response?: ShownResult | undefined;
}

export function Inspector({ tabId, auth, response }: InspectorProps) {
  const explanation = response?.explanation;
  const tab = tabId === undefined ? undefined : { id: tabId, auth };
  const pushed = useStore(ui, (s) => s.jwt);
  // Decoding and scanning up to 150 kB of body must not happen on every URL keystroke (each one
  // gives the tab a new draft): only when the auth or the response changes.
  const found = useMemo(() => tokenFrom(auth, response), [auth, response]);
  // Nothing to explain and no token to decode: the column folds away, and opens when there is.
  useCollapseWhenEmpty(explanation !== undefined || found !== undefined || pushed !== undefined);
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>Inspector</h2>
      {explanation ? <Explanation entry={explanation} tab={tab} response={response} /> : <p className="muted">When a response is 401, 403 or 407, or a GraphQL answer refuses, the reasons show here.</p>}
      <JwtDecoder auth={auth} found={found} pushed={pushed} />
    </aside>
  );
}

type TabRef = { id: string; auth: Auth | undefined } | undefined;

/** Where the tab's request got the credentials it sent (inline, a folder's, a profile's binding). */
function useAuthSource(tab: TabRef, response: ShownResult | undefined): AuthSource | undefined {
  const place = useStore(tabs, (s) => {
    const t = tab ? s.tabs.find((x) => x.id === tab.id) : undefined;
    return t ? `${t.collectionId ?? ''}\u0000${t.requestId ?? ''}` : undefined;
  });
  const ws = useStore(workspace, (s) => s);
  return useMemo(() => {
    if (!tab || place === undefined) return undefined;
    const [collectionId, requestId] = place.split('\u0000');
    const wc = collectionById(collectionId || undefined, ws);
    const folders = wc ? locate(wc.collection.items, requestId || undefined)?.folders ?? [] : [];
    const environment = response?.exchange.environment ?? environmentOf(wc?.id, ws);
    return authSource(tab.auth, folders, wc, environment);
  }, [tab?.auth, place, ws, response]);
}

function Explanation({ entry, tab, response }: { entry: ExplainEntry; tab: TabRef; response: ShownResult | undefined }) {
  const source = useAuthSource(tab, response);
  return (
    <section aria-label="Explanation" className="explanation">
      <h3>Why {grpcName(response) ?? (entry.graphql ? entry.graphql.code : entry.status)}?</h3>
      {entry.graphql && <p className="graphql-refusal" aria-label="GraphQL refusal">{graphqlLine(entry.status, entry.graphql)}</p>}
      {source && <p className="auth-source" aria-label="Auth sent">Sent with {describeSource(source)}.</p>}
      {entry.findings.map((f, i) => <FindingCard key={`${f.id}-${i}`} finding={f} primary={i === 0} tab={tab} source={source} />)}
    </section>
  );
}

/** A GraphQL refusal comes inside an answer the HTTP status calls fine: say so, and what was refused. */
function graphqlLine(status: number, g: NonNullable<ExplainEntry['graphql']>): string {
  const what = g.paths.length > 0 ? g.paths.join(', ') : 'the operation';
  return `HTTP ${status}, but GraphQL refused ${what}${g.partial ? '; the rest of the data came back' : ''}.`;
}

/** A gRPC refusal is headed by its status name and code ("UNAUTHENTICATED (16)"), not a bare number. */
function grpcName(response: ShownResult | undefined): string | undefined {
  const s = response?.exchange.grpc?.status;
  return s ? `${s.name} (${s.code})` : undefined;
}

function FindingCard({ finding, primary, tab, source }: { finding: Finding; primary: boolean; tab: TabRef; source: AuthSource | undefined }) {
  const [busy, setBusy] = useState(false);
  const bound = useStore(workspace, (s) => {
    const tabsNow = tabs.get().tabs;
    const t = tab ? tabsNow.find((x) => x.id === tab.id) : undefined;
    const wc = collectionById(t?.collectionId, s);
    const env = wc?.environments.find((e) => e.name === (source?.environment ?? environmentOf(wc.id, s)));
    return Object.keys(env?.profiles ?? {}).join('\u0000');
  });
  const profiles = bound ? bound.split('\u0000') : [];
  const fixes = fixesFor(finding, source);
  const actions = tab ? actionsFor(finding, source, profiles) : [];
  const act = async (fn: () => Promise<void> | void): Promise<void> => {
    setBusy(true);
    try { await fn(); } finally { setBusy(false); }
  };
  return (
    <article className={`finding ${primary ? 'primary' : ''}`} aria-label={finding.title} data-finding={finding.id}>
      <h4>{finding.title}</h4>
      <p className="muted"><code>{finding.id}</code> · confidence {Math.round(finding.confidence * 100)}%{primary ? ' · most likely' : ''}</p>
      {finding.evidence.length > 0 && <><h5>Evidence</h5><ul>{finding.evidence.map((e, i) => <li key={i}><code>{e}</code></li>)}</ul></>}
      {fixes.length > 0 && <><h5>Fix</h5><ul>{fixes.map((e, i) => <li key={i}>{e}</li>)}</ul></>}
      {tab && actions.length > 0 && (
        <div className="row actions">
          {actions.map((a) => <button key={a.label} type="button" disabled={busy} onClick={() => void act(() => runAction(a, tab.id))}>{a.label}</button>)}
        </div>
      )}
    </article>
  );
}

async function runAction(a: FixAction, tabId: string): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === tabId);
  switch (a.kind) {
    case 'refresh':
      // The session's cached token goes; the next send gets a new one (refresh or client credentials).
      await api['auth.forgetToken']({ ...(t?.collectionId ? { collectionId: t.collectionId } : {}) });
      return send(tabId);
    case 'switch-profile':
      editDraft(tabId, (d) => ({ ...d, auth: { type: 'profile', profile: a.profile } }));
      return send(tabId);
    case 'edit-profile':
      return openDialog('environments');
    case 'edit-request':
      window.dispatchEvent(new CustomEvent('keyhole:open-section', { detail: 'Auth' }));
      return;
    case 'open-settings':
      window.dispatchEvent(new CustomEvent('keyhole:open-section', { detail: a.section }));
  }
}

/** A token from the request's bearer auth or the response body, to offer in the decoder. */
function tokenFrom(auth: Auth | undefined, response: ShownResult | undefined): string | undefined {
  if (auth?.type === 'bearer' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(auth.token.trim())) return auth.token.trim();
  const body = response?.exchange.response.body;
  if (body?.storage === 'inline' && body.base64.length < 200_000) {
    const m = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/.exec(atob(body.base64));
    if (m) return m[0];
  }
  return undefined;
}

function JwtDecoder({ auth, found, pushed }: { auth: Auth | undefined; found: string | undefined; pushed: string | undefined }) {
  const [token, setToken] = useState('');
  const [key, setKey] = useState('');
  const [result, setResult] = useState<JwtInspection | undefined>();
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
