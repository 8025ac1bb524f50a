import { useMemo, useState } from 'react';
import type { KeyValue, Request, WebSocketMessage, WebSocketRequest } from '../../../../shared/model';
import { AuthForm } from '../../components/AuthForm';
import { CodeEditor, formatJson } from '../../components/CodeEditor';
import { FilePicker } from '../../components/BodyEditor';
import { HeaderNames, KeyValueTable } from '../../components/KeyValueTable';
import { inherited, Settings, TabNotes, useSection, useTabScope } from '../../components/RequestEditor';
import { ScriptsEditor } from '../../components/ScriptsEditor';
import { UrlBar } from '../../components/UrlBar';
import { SCHEME_LABELS } from '../../lib/auth-fields';
import { useStore } from '../../lib/store';
import { applyRows, paramRows } from '../../lib/url-params';
import { isDirty, save, updateTab, type Tab } from '../../state/tabs';
import { askText } from '../../ui/ask';
import { X } from 'lucide-react';
import { IconButton } from '../../ui';
import { connections, connectTab, disconnectTab, reconnectTab, sendOnTab } from './connections';
import '../stream/stream.css';

const SECTIONS = ['Message', 'Saved messages', 'Params', 'Headers', 'Subprotocols', 'Auth', 'Scripts', 'Settings'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * A WebSocket tab's editor: the URL with {{variables}}, Connect / Disconnect / Reconnect, a message
 * composer (text, JSON, or a binary file) and the request's saved messages, then the settings it
 * shares with HTTP requests (params, headers, auth, scripts, TLS and proxy) and its subprotocols.
 */
export function WebSocketEditor({ tab }: { tab: Tab }) {
  const [section, setSection] = useSection<Section>(SECTIONS, 'Message');
  const r = tab.draft as WebSocketRequest;
  const edit = (fn: (d: WebSocketRequest) => WebSocketRequest): void => updateTab(tab.id, (t) => ({ ...t, draft: fn(t.draft as WebSocketRequest) }));
  const { variables, collection, folders } = useTabScope(tab);
  const state = useStore(connections, (s) => s[tab.id]?.state);
  const live = state === 'open' || state === 'connecting' || state === 'closing';
  const dirty = isDirty(tab);
  const inh = r.auth.type === 'inherit' ? inherited(collection, folders === '' ? [] : folders.split('\u0000')) : undefined;
  return (
    <section className="request-editor" aria-label="WebSocket request">
      <TabNotes tab={tab} />
      <div className="request-line">
        <span className="method m-ws" aria-label="Protocol">WS</span>
        <UrlBar value={r.url} variables={variables} onChange={(url) => edit((d) => ({ ...d, url }))} onPasteCurl={(text) => edit((d) => ({ ...d, url: text.trim() }))} onSend={() => void connectTab(tab.id)} />
        {live
          ? <button type="button" className="danger" disabled={state !== 'open'} onClick={() => void disconnectTab(tab.id)}>Disconnect</button>
          : <button type="button" className="primary" onClick={() => void connectTab(tab.id)} title="Ctrl/Cmd+Enter">Connect</button>}
        <button type="button" disabled={state !== 'open'} onClick={() => void reconnectTab(tab.id)}>Reconnect</button>
        <button type="button" onClick={() => void save(tab.id)} title="Ctrl/Cmd+S" aria-label={dirty ? 'Save (unsaved changes)' : 'Save'}>Save{dirty ? ' •' : ''}</button>
      </div>
      <div role="tablist" aria-label="WebSocket sections" className="tabs small">
        {SECTIONS.map((s) => <button key={s} role="tab" type="button" aria-selected={section === s} onClick={() => setSection(s)}>{s}{s === 'Saved messages' && r.messages.length > 0 ? ` (${r.messages.length})` : ''}</button>)}
      </div>
      <div role="tabpanel" aria-label={section} className="section">
        {section === 'Message' && <Composer tabId={tab.id} open={state === 'open'} onSave={(m) => edit((d) => ({ ...d, messages: [...d.messages, m] }))} />}
        {section === 'Saved messages' && <SavedMessages tabId={tab.id} open={state === 'open'} messages={r.messages} onChange={(messages) => edit((d) => ({ ...d, messages }))} />}
        {section === 'Params' && <Params url={r.url} query={r.query} onChange={(rows) => edit((d) => ({ ...d, ...applyRows(d.url, rows) }))} />}
        {section === 'Headers' && <><HeaderNames /><KeyValueTable label="Headers" keyList="header-names" rows={r.headers} onChange={(headers) => edit((d) => ({ ...d, headers }))} /></>}
        {section === 'Subprotocols' && <Subprotocols value={r.subprotocols} onChange={(subprotocols) => edit((d) => ({ ...d, subprotocols }))} />}
        {section === 'Auth' && (
          <>
            <p className="muted">Applied to the handshake, as for any HTTP request.</p>
            <AuthForm idPrefix="Request auth" auth={r.auth} onChange={(auth) => edit((d) => ({ ...d, auth }))}
              types={['inherit', 'none', 'profile', 'basic', 'bearer', 'apikey', 'digest', 'oauth2', 'jwt', 'awsv4', 'oauth1', 'clientcert']}
              profiles={collection?.profiles.map((p) => p.name) ?? []} />
            {inh && <p className="muted" aria-label="Inherited auth">Inherits {SCHEME_LABELS[inh.auth.type]}{inh.auth.type === 'profile' ? ` "${inh.auth.profile}"` : ''} from {inh.from}.</p>}
          </>
        )}
        {section === 'Scripts' && (
          <>
            <p className="muted">In a run, the saved messages are sent, then the test script sees <code>pm.response.messages</code> and <code>pm.response.stream</code>.</p>
            <ScriptsEditor scripts={r.scripts} onChange={(scripts) => edit((d) => ({ ...d, scripts }))} />
          </>
        )}
        {section === 'Settings' && (
          <>
            <Settings r={r} edit={(fn) => edit((d) => ({ ...d, ...fn(d as Request) }) as WebSocketRequest)} />
            <RunWait r={r} edit={edit} />
          </>
        )}
      </div>
    </section>
  );
}

function Composer({ tabId, open, onSave }: { tabId: string; open: boolean; onSave: (m: WebSocketMessage) => void }) {
  const [type, setType] = useState<WebSocketMessage['type']>('text');
  const [text, setText] = useState('');
  const [path, setPath] = useState('');
  const message = (name: string, typed = text): WebSocketMessage => ({ name, type, enabled: true, ...(type === 'binary' ? { path } : { text: typed }) });
  const invalidJson = type === 'json' && text.trim() !== '' && formatJson(text.replace(/\{\{[^{}]+\}\}/g, '0')) === undefined;
  const saveAs = async (): Promise<void> => {
    const name = await askText({ title: 'Save message', label: 'Message name', confirm: 'Save', validate: (v) => (v.trim() === '' ? 'A message needs a name' : undefined) });
    if (name) onSave(message(name));
  };
  return (
    <div className="ws-composer">
      <div role="radiogroup" aria-label="Message type" className="row">
        {(['text', 'json', 'binary'] as const).map((t) => <label key={t}><input type="radio" name={`ws-type-${tabId}`} checked={type === t} onChange={() => setType(t)} /> {t === 'json' ? 'JSON' : t}</label>)}
        {type === 'json' && <button type="button" onClick={() => { const f = formatJson(text); if (f) setText(f); }}>Format JSON</button>}
        {invalidJson && <span role="alert" className="warn">The JSON does not parse</span>}
      </div>
      {type === 'binary'
        ? <div className="row"><FilePicker label="Message file" path={path} onPath={setPath} /></div>
        : <CodeEditor label="Message" language={type === 'json' ? 'json' : 'plaintext'} value={text} onChange={setText} height={100}
          onSend={open ? (typed) => void sendOnTab(tabId, message('typed', typed)) : undefined} />}
      <div className="row">
        <button type="button" className="primary" disabled={!open || (type === 'binary' && path === '')} onClick={() => void sendOnTab(tabId, message('typed'))} title="Ctrl/Cmd+Enter in the message">Send message</button>
        <button type="button" disabled={type === 'binary' ? path === '' : text === ''} onClick={() => void saveAs()}>Save as message…</button>
        {!open && <span className="muted">Connect to send.</span>}
      </div>
    </div>
  );
}

function SavedMessages({ tabId, open, messages, onChange }: { tabId: string; open: boolean; messages: WebSocketMessage[]; onChange: (m: WebSocketMessage[]) => void }) {
  if (messages.length === 0) return <p className="muted">No saved messages. Write one under Message and press "Save as message…". A run sends every enabled one, in order.</p>;
  return (
    <ul className="ws-saved" aria-label="Saved messages">
      {messages.map((m, i) => (
        <li key={`${m.name}-${i}`}>
          <input type="checkbox" aria-label={`Send ${m.name} in runs`} checked={m.enabled} onChange={(e) => onChange(messages.map((x, j) => (j === i ? { ...x, enabled: e.target.checked } : x)))} />
          <span className="name" title={m.text ?? m.path}><strong>{m.name}</strong> <span className="muted">{m.type}</span> <code>{(m.text ?? m.path ?? '').slice(0, 80)}</code></span>
          <button type="button" aria-label={`Send ${m.name}`} disabled={!open} onClick={() => void sendOnTab(tabId, m)}>Send</button>
          <IconButton label={`Delete ${m.name}`} icon={<X size={13} aria-hidden />} onClick={() => onChange(messages.filter((_, j) => j !== i))} />
        </li>
      ))}
    </ul>
  );
}

function Params({ url, query, onChange }: { url: string; query: KeyValue[]; onChange: (rows: KeyValue[]) => void }) {
  const rows = useMemo(() => paramRows(url, query, undefined), [url, query]);
  return <KeyValueTable label="Query parameters" rows={rows} onChange={onChange} />;
}

function Subprotocols({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(value.join(', '));
  return (
    <label className="row">Subprotocols, in order of preference
      <input className="grow" aria-label="Subprotocols" placeholder="graphql-transport-ws, chat.v2" value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => onChange(text.split(/[\s,]+/).filter(Boolean))} />
    </label>
  );
}

function RunWait({ r, edit }: { r: WebSocketRequest; edit: (fn: (d: WebSocketRequest) => WebSocketRequest) => void }) {
  const num = (v: string): number | undefined => (v === '' ? undefined : Math.max(0, Math.round(Number(v))));
  const set = (patch: Partial<NonNullable<WebSocketRequest['wait']>>): void => edit((d) => {
    const wait = { ...d.wait, ...patch };
    const { messages, ms } = wait;
    return { ...d, wait: messages === undefined && ms === undefined ? undefined : { ...(messages ? { messages } : {}), ...(ms !== undefined ? { ms } : {}) } };
  });
  return (
    <fieldset className="grid">
      <legend>In a run (keyhole run), after the saved messages</legend>
      <label>Wait for messages <input type="number" aria-label="Wait for messages" min={1} value={r.wait?.messages ?? ''} onChange={(e) => set({ messages: num(e.target.value) })} /></label>
      <label>Wait at most (ms) <input type="number" aria-label="Wait at most (ms)" value={r.wait?.ms ?? ''} placeholder="1000" onChange={(e) => set({ ms: num(e.target.value) })} /></label>
    </fieldset>
  );
}
