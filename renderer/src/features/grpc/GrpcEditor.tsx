import { Select } from '../../ui';
import { useState } from 'react';
import type { GrpcProtoSource, GrpcRequest, Request } from '../../../../shared/model';
import { AuthForm } from '../../components/AuthForm';
import { CodeEditor, formatJson } from '../../components/CodeEditor';
import { HeaderNames, KeyValueTable } from '../../components/KeyValueTable';
import { inherited, TabNotes, useSection, useTabScope } from '../../components/RequestEditor';
import { ScriptsEditor } from '../../components/ScriptsEditor';
import { UrlBar } from '../../components/UrlBar';
import { SCHEME_LABELS } from '../../lib/auth-fields';
import { useStore } from '../../lib/store';
import { isDirty, save, updateTab, type Tab, type TabError } from '../../state/tabs';
import { calls, cancelCall, endCall, invokeTab, isLive, messageText, sendOnCall } from './calls';
import { definitions, describeTab, generateTemplate, methodOf, sourceKey, withMessage } from './definitions';
import { ProtoSource } from './ProtoSource';
import '../stream/stream.css';
import './grpc.css';

const SECTIONS = ['Message', 'Definition', 'Metadata', 'Auth', 'Scripts', 'Settings'] as const;
type Section = (typeof SECTIONS)[number];

const CALL_TYPES = { unary: 'unary', 'server-streaming': 'server streaming', 'client-streaming': 'client streaming', bidi: 'bidirectional streaming' } as const;

/**
 * A gRPC tab's editor: the server URL (grpc:// or grpcs://), the service and method from the proto
 * source, Invoke (and, for a client-streaming or bidirectional call, Send / End / Cancel), the
 * message as JSON with a generated template, then the metadata, auth, scripts and TLS settings it
 * shares with HTTP requests.
 */
export function GrpcEditor({ tab }: { tab: Tab }) {
  const [section, setSection] = useSection<Section>(SECTIONS, 'Message');
  const r = tab.draft as GrpcRequest;
  const edit = (fn: (d: GrpcRequest) => GrpcRequest): void => updateTab(tab.id, (t) => ({ ...t, draft: fn(t.draft as GrpcRequest), preview: false }));
  const { variables, collection, folders } = useTabScope(tab);
  const call = useStore(calls, (s) => s[tab.id]);
  const live = isLive(call);
  const dirty = isDirty(tab);
  const inh = r.auth.type === 'inherit' ? inherited(collection, folders === '' ? [] : folders.split('\u0000')) : undefined;
  return (
    <section className="request-editor" aria-label="gRPC request">
      <TabNotes tab={tab} />
      <div className="request-line">
        <span className="method m-grpc" aria-label="Protocol">gRPC</span>
        <UrlBar value={r.url} variables={variables} onChange={(url) => edit((d) => ({ ...d, url }))} onPasteCurl={(text) => edit((d) => ({ ...d, url: text.trim() }))} onSend={() => void invokeTab(tab.id)} />
        {live
          ? <button type="button" className="danger" onClick={() => void cancelCall(tab.id)}>Cancel</button>
          : <button type="button" className="primary" disabled={r.rpc === ''} onClick={() => void invokeTab(tab.id)} title={r.rpc === '' ? 'Choose a method first (Load services, then pick one)' : 'Ctrl/Cmd+Enter'}>Invoke</button>}
        <button type="button" onClick={() => void save(tab.id)} title="Ctrl/Cmd+S" aria-label={dirty ? 'Save (unsaved changes)' : 'Save'}>Save{dirty ? ' •' : ''}</button>
      </div>
      <MethodPicker tabId={tab.id} r={r} onRpc={(rpc) => edit((d) => ({ ...d, rpc }))} />
      <div role="tablist" aria-label="gRPC sections" className="tabs small">
        {SECTIONS.map((s) => <button key={s} role="tab" type="button" aria-selected={section === s} onClick={() => setSection(s)}>{s}{s === 'Metadata' && r.headers.length > 0 ? ` (${r.headers.length})` : ''}</button>)}
      </div>
      <div role="tabpanel" aria-label={section} className="section">
        {section === 'Message' && <MessageEditor tab={tab} r={r} edit={edit} />}
        {section === 'Definition' && <ProtoSource value={r.proto} onChange={(proto: GrpcProtoSource) => edit((d) => ({ ...d, proto }))} />}
        {section === 'Metadata' && (
          <>
            <p className="muted">Sent with the call as gRPC metadata (HTTP/2 headers); the auth adds its own (<code>authorization</code>, an API key).</p>
            <HeaderNames />
            <KeyValueTable label="Metadata" keyList="header-names" rows={r.headers} onChange={(headers) => edit((d) => ({ ...d, headers }))} />
          </>
        )}
        {section === 'Auth' && (
          <>
            <p className="muted">Auth puts its credentials in the call's metadata (<code>authorization: Bearer …</code>, an API key's header), or presents the client certificate.</p>
            <AuthForm idPrefix="Request auth" auth={r.auth} onChange={(auth) => edit((d) => ({ ...d, auth }))}
              types={['inherit', 'none', 'profile', 'basic', 'bearer', 'apikey', 'oauth2', 'jwt', 'clientcert']}
              profiles={collection?.profiles.map((p) => p.name) ?? []} />
            {inh && <p className="muted" aria-label="Inherited auth">Inherits {SCHEME_LABELS[inh.auth.type]}{inh.auth.type === 'profile' ? ` "${inh.auth.profile}"` : ''} from {inh.from}.</p>}
          </>
        )}
        {section === 'Scripts' && (
          <>
            <p className="muted">Invoke (and <code>keyhole run</code>) runs the pre-request scripts of the collection, folders and request before the call, and the test scripts once it ended: they see <code>pm.response.messages</code> and <code>pm.response.grpc.status</code>; the results are in the response's Tests tab.</p>
            <ScriptsEditor scripts={r.scripts} onChange={(scripts) => edit((d) => ({ ...d, scripts }))} />
          </>
        )}
        {section === 'Settings' && <GrpcSettings r={r} edit={edit} />}
      </div>
    </section>
  );
}

/** Service and method pickers filled from grpc.describe, with the call type and a refresh. */
function MethodPicker({ tabId, r, onRpc }: { tabId: string; r: GrpcRequest; onRpc: (rpc: string) => void }) {
  const defs = useStore(definitions, (s) => s[tabId]);
  const stale = defs?.key !== undefined && defs.key !== sourceKey(r);
  const services = defs?.description?.services ?? [];
  const [serviceOf] = r.rpc.split('/');
  const service = services.find((s) => s.name === serviceOf);
  const method = methodOf(defs?.description, r.rpc);
  const loaded = defs?.description !== undefined;
  const why = r.proto.type === 'reflection' && r.url.trim() === '' ? 'Enter the server URL first (grpc://host:port)' : undefined;
  return (
    <div className="grpc-method row">
      <label>Service{' '}
        <Select label="Service" value={service?.name ?? serviceOf ?? ''} placeholder={loaded ? 'choose a service' : 'load the services first'}
          onChange={(v) => { const s = services.find((x) => x.name === v); if (s?.methods[0]) onRpc(s.methods[0].rpc); }}
          options={[...(!service && serviceOf ? [{ value: serviceOf, label: serviceOf }] : []), ...services.map((s) => ({ value: s.name, label: s.name }))]} />
      </label>
      <label>Method{' '}
        <Select label="Method" value={r.rpc} placeholder="—" onChange={onRpc}
          options={[...(!method && r.rpc ? [{ value: r.rpc, label: r.rpc.split('/')[1] ?? r.rpc }] : []), ...(service?.methods ?? []).map((m) => ({ value: m.rpc, label: m.name }))]} />
      </label>
      {method && <span className="chip" aria-label="Call type">{CALL_TYPES[method.callType]}</span>}
      <button type="button" disabled={defs?.loading === true || why !== undefined} title={why} aria-describedby={why ? `why-${tabId}` : undefined}
        onClick={() => void describeTab(tabId, loaded)}>{defs?.loading ? 'Loading…' : loaded ? 'Refresh services' : 'Load services'}</button>
      {why && <span id={`why-${tabId}`} className="muted">{why}</span>}
      {stale && !defs.loading && <span className="warn">The server or proto source changed: refresh.</span>}
      {defs?.description?.warnings.map((w) => <span key={w} className="muted">{w}</span>)}
      {defs?.error && <ErrorCard error={defs.error} />}
      {method?.description && <p className="muted grpc-doc" aria-label="Method description">{method.description}</p>}
    </div>
  );
}

/** The message as JSON (the request's saved message), its template, and the streaming controls. */
function MessageEditor({ tab, r, edit }: { tab: Tab; r: GrpcRequest; edit: (fn: (d: GrpcRequest) => GrpcRequest) => void }) {
  const call = useStore(calls, (s) => s[tab.id]);
  const [templateError, setTemplateError] = useState<TabError | undefined>();
  const text = messageText(tab);
  const invalidJson = text.trim() !== '' && formatJson(text.replace(/\{\{[^{}]+\}\}/g, '0')) === undefined;
  const streaming = call?.callType === 'client-streaming' || call?.callType === 'bidi';
  const open = streaming && call?.state === 'open';
  return (
    <div className="grpc-message">
      <div className="row">
        <button type="button" disabled={r.rpc === ''} title={r.rpc === '' ? 'Choose a method first' : undefined}
          onClick={() => void generateTemplate(tab.id).then(setTemplateError)}>Generate template</button>
        <button type="button" onClick={() => { const f = formatJson(text); if (f) edit((d) => withMessage(d, f)); }}>Format JSON</button>
        {invalidJson && <span role="alert" className="warn">The JSON does not parse</span>}
      </div>
      {templateError && <ErrorCard error={templateError} />}
      <CodeEditor label="Message" language="json" value={text} onChange={(t) => edit((d) => withMessage(d, t))} height={160}
        onSend={open ? (typed) => void sendOnCall(tab.id, typed) : undefined} />
      {streaming && (
        <div className="row" aria-label="Streaming call">
          <button type="button" className="primary" disabled={!open} onClick={() => void sendOnCall(tab.id, text)} title="Ctrl/Cmd+Enter in the message">Send message</button>
          <button type="button" disabled={!open} onClick={() => void endCall(tab.id)} title="Half-close: the client sends no more messages; the server may still answer">End</button>
          <span className="muted">{open ? 'The call is open: send messages, then End.' : call?.state === 'closing' ? 'Half-closed: waiting for the server to finish.' : 'Invoke to open a new call.'}</span>
        </div>
      )}
      {!streaming && <p className="muted">Invoke sends this message; a client-streaming or bidirectional method opens the call, then Send message sends it (edit and send again), End half-closes.</p>}
    </div>
  );
}

function GrpcSettings({ r, edit }: { r: GrpcRequest; edit: (fn: (d: GrpcRequest) => GrpcRequest) => void }) {
  const s = r.settings;
  const set = (patch: Partial<Request['settings']>): void => edit((d) => ({ ...d, settings: { ...d.settings, ...patch } }));
  const num = (v: string): number | undefined => (v === '' ? undefined : Math.max(0, Math.round(Number(v))));
  const tls = (patch: Partial<NonNullable<Request['settings']['tls']>>): void => set({ tls: { ...s.tls, ...patch } });
  const path = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  return (
    <div className="settings grid">
      <label>Deadline (ms) <input type="number" aria-label="Deadline (ms)" min={0} value={r.deadlineMs ?? ''} placeholder={`the timeout${s.timeoutMs === undefined ? '' : ` (${s.timeoutMs})`}`}
        onChange={(e) => edit((d) => ({ ...d, deadlineMs: num(e.target.value) }))} /></label>
      <label>Timeout (ms) <input type="number" aria-label="Timeout (ms)" value={s.timeoutMs ?? ''} placeholder="60000" onChange={(e) => set({ timeoutMs: num(e.target.value) })} /></label>
      <label><input type="checkbox" aria-label="Verify TLS certificates" checked={s.tls?.verify ?? true} onChange={(e) => tls({ verify: e.target.checked })} /> Verify TLS certificates (grpcs://)</label>
      <label>CA file (PEM) <input aria-label="CA file" placeholder="certs/ca.pem" value={s.tls?.caFile ?? ''} onChange={(e) => tls({ caFile: path(e.target.value) })} /></label>
      <label>Client certificate (PEM) <input aria-label="Client certificate file" placeholder="certs/client.pem" value={s.tls?.certFile ?? ''} onChange={(e) => tls({ certFile: path(e.target.value) })} /></label>
      <label>Client key (PEM) <input aria-label="Client key file" placeholder="certs/client-key.pem" value={s.tls?.keyFile ?? ''} onChange={(e) => tls({ keyFile: path(e.target.value) })} /></label>
      <p className="muted grpc-note">grpc:// is plaintext, grpcs:// TLS (mTLS with a client certificate). Without a deadline the call has the timeout; 0 means none. Files are relative to the collection folder.</p>
    </div>
  );
}

export function ErrorCard({ error }: { error: TabError }) {
  return <div role="alert" className="error-card"><strong>{error.code}</strong>: {error.message}{error.hint && <p>{error.hint}</p>}</div>;
}
