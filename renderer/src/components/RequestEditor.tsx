import { memo, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { isGrpcRequest, isWebSocketRequest, type Auth, type Collection, type Folder, type Item, type KeyValue, type Request } from '../../../shared/model';
import { api } from '../lib/api';
import { WebSocketEditor } from '../features/websocket/WebSocketEditor';
import { GrpcEditor } from '../features/grpc/GrpcEditor';
import { SCHEME_LABELS } from '../lib/auth-fields';
import { useStore } from '../lib/store';
import { applyRows, paramRows } from '../lib/url-params';
import { cancel, editDraft, isDirty, save, send, updateTab, type Tab } from '../state/tabs';
import { collectionById, refreshVariables, workspace } from '../state/workspace';
import { locate } from '../lib/tree';
import type { VariableInfo } from '../../../shared/ipc';

const NO_VARIABLES: VariableInfo[] = [];
import { AuthForm } from './AuthForm';
import { BodyEditor } from './BodyEditor';
import { HeaderNames, KeyValueTable } from './KeyValueTable';
import { ScriptsEditor } from './ScriptsEditor';
import { UrlBar } from './UrlBar';
import { DefaultHeaderRows } from '../features/requests/DefaultHeaderRows';
import { ProtocolSettings } from '../features/requests/ProtocolSettings';
import { shortcutOf } from '../features/palette/commands';
import { Button, Select, Tooltip, optionsOf, withShortcut } from '../ui';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const SECTIONS = ['Params', 'Headers', 'Body', 'Auth', 'Scripts', 'Settings'] as const;
type Section = (typeof SECTIONS)[number];

/** What "inherit" resolves to: the nearest folder (innermost first), then the collection. */
export function inherited(collection: Collection | undefined, folderNames: readonly string[]): { auth: Auth; from: string } {
  const chain: Folder[] = [];
  let level: readonly Item[] = collection?.items ?? [];
  for (const name of folderNames) {
    const f = level.find((i) => i.kind === 'folder' && i.name === name);
    if (!f || f.kind !== 'folder') break;
    chain.push(f);
    level = f.items;
  }
  for (const f of chain.reverse()) if (f.auth.type !== 'inherit') return { auth: f.auth, from: `folder "${f.name}"` };
  return { auth: collection?.auth ?? { type: 'none' }, from: `collection "${collection?.name ?? ''}"` };
}

/** WebSocket and gRPC tabs have their own editors (features/websocket, features/grpc); every other tab edits an HTTP request. */
export function RequestEditor({ tab }: { tab: Tab }) {
  if (isGrpcRequest(tab.draft)) return <GrpcEditor tab={tab} />;
  return isWebSocketRequest(tab.draft) ? <WebSocketEditor tab={tab} /> : <HttpRequestEditor tab={tab} />;
}

/** The editor's section, which fix actions in the inspector ("Open auth settings") point at. */
export function useSection<S extends string>(sections: readonly S[], first: S): [S, (s: S) => void] {
  const [section, setSection] = useState<S>(first);
  useEffect(() => {
    const open = (e: Event): void => {
      const want = (e as CustomEvent<string>).detail;
      if ((sections as readonly string[]).includes(want)) setSection(want as S);
    };
    window.addEventListener('keyhole:open-section', open);
    return () => window.removeEventListener('keyhole:open-section', open);
  }, [sections]);
  return [section, setSection];
}

function HttpRequestEditor({ tab }: { tab: Tab }) {
  const [section, setSection] = useSection<Section>(SECTIONS, 'Params');
  const { variables, collection, folders } = useTabScope(tab);
  const r = tab.draft;
  const edit = (fn: (r: Request) => Request): void => editDraft(tab.id, fn);
  const fromCurl = (text: string): void => void (async () => {
    try {
      // Loaded on the first paste: the importers (and the YAML parser they share) stay off the
      // path to the first interactive tab.
      const [{ parseCurl }, { readInput }] = await Promise.all([import('../../../shared/importers/curl/curl'), import('../../../shared/importers/document')]);
      const item = parseCurl(readInput(text)).collection?.items[0];
      if (item?.kind === 'request') edit((d) => ({ ...item, name: d.name, query: item.query.filter((q) => q.enabled === false), url: applyRows(item.url, item.query).url }));
    } catch {
      edit((d) => ({ ...d, url: text.trim() }));
    }
  })();
  const inh = r.auth.type === 'inherit' ? inherited(collection, folders === '' ? [] : folders.split('\u0000')) : undefined;
  const dirty = isDirty(tab);
  return (
    <section className="request-editor" aria-label="Request">
      <TabNotes tab={tab} />
      <div className="request-line">
        <Select label="Method" className="method-select" value={r.method} onChange={(method) => edit((d) => ({ ...d, method }))}
          options={[...new Set([...METHODS, r.method])].map((m) => ({ value: m, label: <span className={`method m-${m.toLowerCase()}`}>{m}</span>, textValue: m }))} />
        <UrlBar value={r.url} variables={variables} onChange={(url) => edit((d) => ({ ...d, url }))} onPasteCurl={fromCurl} onSend={() => void send(tab.id)} />
        {tab.sendId
          ? <Tooltip content={withShortcut('Cancel the send', shortcutOf('cancel'))}><Button variant="danger" onClick={() => void cancel(tab.id)}>Cancel</Button></Tooltip>
          : <Tooltip content={withShortcut('Send the request', shortcutOf('send'))}><Button variant="primary" onClick={() => void send(tab.id)}>Send</Button></Tooltip>}
        <Tooltip content={withShortcut(dirty ? 'Save the unsaved changes' : 'Save', shortcutOf('save'))}>
          <Button onClick={() => void save(tab.id)} aria-label={dirty ? 'Save (unsaved changes)' : 'Save'}>Save{dirty ? ' •' : ''}</Button>
        </Tooltip>
      </div>
      <div role="tablist" aria-label="Request sections" className="tabs small">
        {SECTIONS.map((s) => <button key={s} role="tab" type="button" aria-selected={section === s} onClick={() => setSection(s)}>{s}</button>)}
      </div>
      <div role="tabpanel" aria-label={section} className="section">
        {section === 'Params' && <ParamsTable tabId={tab.id} url={r.url} query={r.query} layout={tab.paramLayout} />}
        {section === 'Headers' && <><HeaderNames /><KeyValueTable label="Headers" keyList="header-names" rows={r.headers} onChange={(headers) => edit((d) => ({ ...d, headers }))} /><DefaultHeaderRows request={r} edit={edit} /></>}
        {section === 'Body' && <BodyEditor tab={tab} body={r.body} onChange={(body) => edit((d) => ({ ...d, body }))} />}
        {section === 'Auth' && (
          <>
            <AuthForm idPrefix="Request auth" auth={r.auth} onChange={(auth) => edit((d) => ({ ...d, auth }))}
              types={['inherit', 'none', 'profile', 'basic', 'bearer', 'apikey', 'digest', 'oauth2', 'jwt', 'awsv4', 'oauth1', 'clientcert']}
              profiles={collection?.profiles.map((p) => p.name) ?? []} />
            {inh && <p className="muted" aria-label="Inherited auth">Inherits {SCHEME_LABELS[inh.auth.type]}{inh.auth.type === 'profile' ? ` "${inh.auth.profile}"` : ''} from {inh.from}.</p>}
          </>
        )}
        {section === 'Scripts' && <ScriptsEditor scripts={r.scripts} onChange={(scripts) => edit((d) => ({ ...d, scripts }))} />}
        {section === 'Settings' && <><Settings r={r} edit={edit} />{tab.collectionId && <FileAccessSetting collectionId={tab.collectionId} />}</>}
      </div>
    </section>
  );
}

/**
 * What a tab's editor reads of its own collection, not the one the sidebar shows: its variables,
 * its collection (profiles, inherited auth) and the names of the folders holding its request.
 */
export function useTabScope(tab: Tab): { variables: VariableInfo[]; collection: Collection | undefined; folders: string } {
  const variables = useStore(workspace, (s) => (tab.collectionId === undefined ? s.variables : s.variablesBy[tab.collectionId]) ?? NO_VARIABLES);
  const collection = useStore(workspace, (s) => collectionById(tab.collectionId, s)?.collection);
  const folders = useStore(workspace, (s) => { const wc = collectionById(tab.collectionId, s); return (wc && locate(wc.collection.items, tab.requestId)?.folders.join('\u0000')) ?? ''; });
  useEffect(() => {
    if (tab.collectionId !== undefined && workspace.get().variablesBy[tab.collectionId] === undefined) void refreshVariables(tab.collectionId);
  }, [tab.collectionId]);
  return { variables, collection, folders };
}

/** Things the user must know about this tab (a secret not kept, its request deleted), dismissable. */
export function TabNotes({ tab }: { tab: Tab }) {
  if (!tab.notes || tab.notes.length === 0) return null;
  return (
    <div role="note" className="tab-notes">
      {tab.notes.map((n) => <p key={n}>{n}</p>)}
      <button type="button" className="link" onClick={() => updateTab(tab.id, (t) => ({ ...t, notes: undefined }))}>Dismiss</button>
    </div>
  );
}

/**
 * The query parameters of the URL. It follows the URL a beat later: useDeferredValue lets React
 * paint the keystroke in the URL bar first and render this table in the background after, so the
 * table is not on the keystroke's path; memo keeps the editor's other re-renders from reaching it.
 */
const ParamsTable = memo(function ParamsTable({ tabId, url, query, layout }: { tabId: string; url: string; query: KeyValue[]; layout: KeyValue[] | undefined }) {
  const deferredUrl = useDeferredValue(url);
  const rows = useMemo(() => paramRows(deferredUrl, query, layout), [deferredUrl, query, layout]);
  const onChange = useCallback((next: KeyValue[]) => updateTab(tabId, (t) => ({ ...t, paramLayout: next, draft: { ...t.draft, ...applyRows(t.draft.url, next) } })), [tabId]);
  return <MemoTable label="Query parameters" rows={rows} onChange={onChange} />;
});
const MemoTable = memo(KeyValueTable);

export function Settings({ r, edit }: { r: Request; edit: (fn: (r: Request) => Request) => void }) {
  const s = r.settings;
  const set = (patch: Partial<Request['settings']>): void => edit((d) => ({ ...d, settings: { ...d.settings, ...patch } }));
  const num = (v: string): number | undefined => (v === '' ? undefined : Math.max(0, Math.round(Number(v))));
  return (
    <div className="settings grid">
      <label>Timeout (ms) <input type="number" aria-label="Timeout (ms)" value={s.timeoutMs ?? ''} placeholder="60000" onChange={(e) => set({ timeoutMs: num(e.target.value) })} /></label>
      <label><input type="checkbox" aria-label="Follow redirects" checked={s.followRedirects ?? true} onChange={(e) => set({ followRedirects: e.target.checked })} /> Follow redirects</label>
      <label>Max redirects <input type="number" aria-label="Max redirects" value={s.maxRedirects ?? ''} placeholder="10" onChange={(e) => set({ maxRedirects: num(e.target.value) })} /></label>
      <label><input type="checkbox" aria-label="Verify TLS certificates" checked={s.tls?.verify ?? true} onChange={(e) => set({ tls: { ...s.tls, verify: e.target.checked } })} /> Verify TLS certificates</label>
      <label>Proxy <Select label="Proxy mode" value={s.proxy?.mode ?? 'system'} onChange={(mode) => set({ proxy: { ...s.proxy, mode } })} options={optionsOf(['system', 'none', 'custom'] as const)} /></label>
      {s.proxy?.mode === 'custom' && <label>Proxy URL <input aria-label="Proxy URL" value={s.proxy.url ?? ''} onChange={(e) => set({ proxy: { ...s.proxy, url: e.target.value } })} /></label>}
      {!isWebSocketRequest(r) && !isGrpcRequest(r) && <ProtocolSettings s={s} set={set} />}
      {!isWebSocketRequest(r) && (
        <label title="As a browser's EventSource does: after the server's retry, with Last-Event-ID, until Stop">
          <input type="checkbox" aria-label="Reconnect event streams" checked={s.reconnectEventStream ?? true} onChange={(e) => set({ reconnectEventStream: e.target.checked })} /> Reconnect an event stream that ends
        </label>
      )}
    </div>
  );
}

/**
 * A setting of the collection rather than of the request, shown where uploads are set up. The
 * engine keeps it in this computer's state, outside the collection's files, so a collection someone
 * else wrote cannot grant it to itself (SECURITY.md, guarantee 10).
 */
function FileAccessSetting({ collectionId }: { collectionId: string }) {
  const [allowed, setAllowed] = useState<boolean | undefined>();
  useEffect(() => {
    let live = true;
    api['collection.fileAccess']({ id: collectionId }).then((a) => { if (live) setAllowed(a.allowFilesOutside); }, () => undefined);
    return () => { live = false; };
  }, [collectionId]);
  if (allowed === undefined) return null;
  const change = (allow: boolean): void => void api['collection.setFileAccess']({ id: collectionId, access: { allowFilesOutside: allow } }).then(() => setAllowed(allow), () => undefined);
  return (
    <label className="settings">
      <input type="checkbox" aria-label="Allow uploads from outside the collection folder" checked={allowed} onChange={(e) => change(e.target.checked)} />
      {' '}Let this collection upload files from outside its folder (a setting of the collection on this computer)
    </label>
  );
}
