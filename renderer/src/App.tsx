import { memo, useEffect, useState, type MouseEvent } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { ConflictDialog } from './components/ConflictDialog';
import { EnvironmentsDialog } from './components/EnvironmentsDialog';
import { Inspector } from './components/Inspector';
import { RequestEditor } from './components/RequestEditor';
import { ResponsePanel } from './components/ResponsePanel';
import { RunnerView } from './components/RunnerView';
import { Sidebar } from './components/Sidebar';
import { TopBar } from './components/TopBar';
import { ExportDialog, ImportDialog } from './components/TransferDialogs';
import { SaveRequestDialog } from './features/requests/SaveRequestDialog';
import { methodLabel } from './features/websocket/label';
import { api } from './lib/api';
import { useStore } from './lib/store';
import { AskHost } from './ui/AskHost';
import { guardUnload } from './state/quit';
import { runner } from './state/runner';
import { persistSession, restoreSession } from './state/session';
import { followWorkspace } from './state/tab-sync';
import { activeTab, closeTab, isDirty, newTab, save, send, tabs } from './state/tabs';
import { layout, setPanes, ui } from './state/ui';
import { loadWorkspace, workspace } from './state/workspace';

/** Loads the workspace, then the last session over it; after that, tabs follow the workspace and the session is kept. */
async function start(): Promise<void> {
  await loadWorkspace();
  await restoreSession();
  if (tabs.get().tabs.length === 0) newTab();
  followWorkspace();
  persistSession();
  guardUnload();
}

/**
 * The shell. It subscribes to no tab state: a URL keystroke changes the active tab's draft, and
 * only the components that show the draft (the tab strip, the editor) may re-render for it, not
 * the sidebar's 500-row tree, the top bar or the inspector.
 */
export function App() {
  const [ready, setReady] = useState(false);
  useEffect(() => { void start().finally(() => setReady(true)); }, []);

  useEffect(() => {
    // File > Open/New Workspace in the desktop app's menu.
    const choose = (e: Event): void => {
      void api['workspace.choose']({ create: (e as CustomEvent<boolean>).detail }).then((ws) => { if (ws) void loadWorkspace(); });
    };
    window.addEventListener('keyhole:choose-workspace', choose);
    return () => window.removeEventListener('keyhole:choose-workspace', choose);
  }, []);

  useEffect(() => {
    // Ctrl/Cmd+Enter sends, Ctrl/Cmd+S saves, Ctrl/Cmd+Alt+T opens a tab, Ctrl/Cmd+Alt+W closes it.
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const t = activeTab();
      if (e.key === 'Enter' && t) void send(t.id);
      else if (e.key.toLowerCase() === 's' && t) void save(t.id);
      else if (e.key.toLowerCase() === 't' && e.altKey) newTab();
      else if (e.key.toLowerCase() === 'w' && e.altKey && t) void closeTab(t.id);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!ready) return <p className="muted loading">Opening the workspace…</p>;
  return <Shell />;
}

function Shell() {
  const dialog = useStore(ui, (s) => s.dialog);
  const view = useStore(ui, (s) => s.view);
  const notice = useStore(ui, (s) => s.notice);
  const runSelected = useStore(runner, (s) => s.selected?.result);
  // Read once: the panes start at the sizes the session kept, then report changes back.
  const [panes] = useState(() => layout.get().panes);
  return (
    <div className="app">
      <TopBar />
      <Group id="main" className="panes" defaultLayout={panes.main} onLayoutChanged={(l) => setPanes('main', l)}>
        <Panel id="sidebar" defaultSize="22%" minSize="12%" collapsible collapsedSize="0%"><Sidebar /></Panel>
        <Separator className="splitter" aria-label="Resize the sidebar" />
        <Panel id="work" minSize="30%">
          <main className="main" aria-label="Workspace">
            <WorkspaceError />
            {view === 'runner' ? <RunnerView /> : <RequestTabs panes={panes.work} />}
          </main>
        </Panel>
        <Separator className="splitter" aria-label="Resize the inspector" />
        <Panel id="inspector" defaultSize="22%" minSize="10%" collapsible collapsedSize="0%">
          {view === 'runner' ? <Inspector response={runSelected} /> : <TabInspector />}
        </Panel>
      </Group>
      {dialog === 'environments' && <EnvironmentsDialog />}
      {dialog === 'import' && <ImportDialog />}
      {dialog === 'export' && <ExportDialog />}
      <SaveRequestDialog />
      <ConflictDialog />
      <AskHost />
      <div className="sr-only" role="status" aria-live="polite">{notice}</div>
    </div>
  );
}

function WorkspaceError() {
  const error = useStore(workspace, (s) => s.error);
  return error ? <div role="alert" className="error-card">{error}</div> : null;
}

/** The open request tabs and the active tab's editor over its response. */
function RequestTabs({ panes }: { panes: Record<string, number> | undefined }) {
  const state = useStore(tabs, (s) => s);
  const tab = activeTab(state);
  return (
    <>
      <div role="tablist" aria-label="Open requests" className="tabs request-tabs">
        {state.tabs.map((t) => <TabButton key={t.id} id={t.id} method={methodLabel(t.draft)} name={t.draft.name} dirty={isDirty(t)} active={t.id === state.activeId} />)}
        <button type="button" aria-label="New tab" onClick={() => newTab()}>+</button>
      </div>
      {tab
        ? (
          <Group id="work" orientation="vertical" className="work" defaultLayout={panes} onLayoutChanged={(l) => setPanes('work', l)}>
            <Panel id="request" defaultSize="45%" minSize="15%"><RequestEditor key={tab.id} tab={tab} /></Panel>
            <Separator className="splitter horizontal" aria-label="Resize the request and the response" />
            <Panel id="response" minSize="15%"><ResponsePanel key={`r-${tab.id}`} tab={tab} /></Panel>
          </Group>
        )
        : <p className="muted empty">Open a request from the sidebar or press ＋.</p>}
    </>
  );
}

/** One tab of the strip: re-rendered when what it shows changes, not on every keystroke of the draft. */
const TabButton = memo(function TabButton({ id, method, name, dirty, active }: { id: string; method: string; name: string; dirty: boolean; active: boolean }) {
  // Middle-click closes, as in browsers and the other API clients.
  const onAux = (e: MouseEvent): void => { if (e.button === 1) { e.preventDefault(); void closeTab(id); } };
  return (
    <div className="tab-wrap" onAuxClick={onAux}>
      <button role="tab" type="button" aria-selected={active} onClick={() => tabs.set((s) => ({ ...s, activeId: id }))}>
        <span className={`method m-${method.toLowerCase()}`}>{method}</span> {name}{dirty ? <span className="dirty" aria-label="unsaved changes"> •</span> : ''}
      </button>
      <button type="button" aria-label={`Close ${name}`} onClick={() => void closeTab(id)}>×</button>
    </div>
  );
});

/** The inspector beside the request tabs: it reads the active tab's auth and response only. */
function TabInspector() {
  const id = useStore(tabs, (s) => s.activeId);
  const auth = useStore(tabs, (s) => activeTab(s)?.draft.auth);
  const response = useStore(tabs, (s) => activeTab(s)?.response);
  return <Inspector tabId={id} auth={auth} response={response} />;
}
