import { memo, useEffect, useRef, useState, type MouseEvent } from 'react';
import { Group, Panel, Separator, type PanelImperativeHandle } from 'react-resizable-panels';
import { ConflictDialog } from './components/ConflictDialog';
import { EnvironmentsDialog } from './components/EnvironmentsDialog';
import { Inspector } from './components/Inspector';
import { RequestEditor } from './components/RequestEditor';
import { ResponsePanel } from './components/ResponsePanel';
import { RunnerView } from './components/RunnerView';
import { Sidebar } from './components/Sidebar';
import { TopBar } from './components/TopBar';
import { ExportDialog, ImportDialog } from './components/TransferDialogs';
import { ChevronDown, Plus, X } from 'lucide-react';
import { onShortcut, openPalette, shortcutOf } from './features/palette/commands';
import { IconButton } from './ui';
import { tabTitle } from './lib/names';
import { Palette, ShortcutsSheet } from './features/palette/Palette';
import { SaveRequestDialog } from './features/requests/SaveRequestDialog';
import { RevealFileDialog } from './features/tree/RevealFileDialog';
import { Welcome } from './features/welcome/Welcome';
import { methodLabel } from './features/websocket/label';
import { api } from './lib/api';
import { useStore } from './lib/store';
import { AskHost } from './ui/AskHost';
import { Toast } from './ui/Toast';
import { guardUnload } from './state/quit';
import { runner } from './state/runner';
import { persistSession, restoreSession } from './state/session';
import { followWorkspace } from './state/tab-sync';
import { activeTab, closeTab, isDirty, newTab, tabs } from './state/tabs';
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
  reloadOnReturn();
}

/**
 * Coming back to the window reads the workspace again: a `git pull` or an editor may have changed
 * files meanwhile. Tabs without edits follow (tab-sync.ts); tabs with edits keep them, and their
 * save then asks (the file's version differs).
 */
function reloadOnReturn(): void {
  let last = 0;
  const onReturn = (): void => {
    if (document.visibilityState !== 'visible' || Date.now() - last < 2_000) return;
    last = Date.now();
    void loadWorkspace();
  };
  window.addEventListener('focus', onReturn);
  document.addEventListener('visibilitychange', onReturn);
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
    // Every shortcut is a command of the palette's table (features/palette/commands.ts).
    window.addEventListener('keydown', onShortcut);
    return () => window.removeEventListener('keydown', onShortcut);
  }, []);

  if (!ready) return <p className="muted loading">Opening the workspace…</p>;
  return <Shell />;
}

function Shell() {
  const dialog = useStore(ui, (s) => s.dialog);
  const view = useStore(ui, (s) => s.view);
  const runSelected = useStore(runner, (s) => s.selected?.result);
  // Read once: the panes start at the sizes the session kept, then report changes back.
  const [panes] = useState(() => layout.get().panes);
  const sidebarOpen = useStore(ui, (s) => s.sidebarOpen);
  const sidebar = useRef<PanelImperativeHandle>(null);
  useEffect(() => {
    const p = sidebar.current;
    if (!p) return;
    if (sidebarOpen && p.isCollapsed()) p.expand();
    else if (!sidebarOpen && !p.isCollapsed()) p.collapse();
  }, [sidebarOpen]);
  return (
    <div className="app">
      <TopBar />
      <Group id="main" className="panes" defaultLayout={panes.main} onLayoutChanged={(l) => setPanes('main', l)}>
        <Panel id="sidebar" panelRef={sidebar} defaultSize="22%" minSize="12%" collapsible collapsedSize="0%"><Sidebar /></Panel>
        <Separator className="splitter" aria-label="Resize the sidebar" />
        <Panel id="work" minSize="30%">
          <main className="workspace-main" aria-label="Workspace">
            <WorkspaceError />
            {view === 'requests' && <Welcome />}
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
      <RevealFileDialog />
      <ConflictDialog />
      <Palette />
      <ShortcutsSheet />
      <AskHost />
      <Toast />
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
      <div className="tab-strip">
        <div role="tablist" aria-label="Open requests" className="tabs request-tabs">
          {state.tabs.map((t) => <TabButton key={t.id} id={t.id} method={methodLabel(t.draft)} name={tabTitle(t.draft.name, t.draft.url, t.requestId !== undefined)} dirty={isDirty(t)} active={t.id === state.activeId} preview={t.preview === true} />)}
        </div>
        <IconButton label="New tab" shortcut={shortcutOf('new-tab')} icon={<Plus size={15} aria-hidden />} onClick={() => newTab()} />
        <IconButton label="All open tabs" icon={<ChevronDown size={15} aria-hidden />} onClick={() => openPalette('tabs')} />
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
const TabButton = memo(function TabButton({ id, method, name, dirty, active, preview }: { id: string; method: string; name: string; dirty: boolean; active: boolean; preview: boolean }) {
  // Middle-click closes, as in browsers and the other API clients.
  const onAux = (e: MouseEvent): void => { if (e.button === 1) { e.preventDefault(); void closeTab(id); } };
  const ref = useRef<HTMLDivElement>(null);
  // The strip scrolls rather than wraps; the active tab is always scrolled into view.
  useEffect(() => { if (active) ref.current?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' }); }, [active, name]);
  return (
    // A tablist may hold tabs only (ARIA), so the close control is no button of its own: the "×"
    // is for the mouse, Delete on the focused tab (and Ctrl+W) for the keyboard.
    <div ref={ref} className={`tab-wrap${active ? ' active' : ''}${preview ? ' preview-tab' : ''}`} onAuxClick={onAux} title={preview ? `${name} (preview: double-click to keep it open)` : name}>
      <button role="tab" type="button" aria-selected={active} aria-keyshortcuts="Delete" onClick={() => tabs.set((s) => ({ ...s, activeId: id }))}
        onDoubleClick={() => tabs.set((s) => ({ ...s, tabs: s.tabs.map((t) => (t.id === id ? { ...t, preview: false } : t)) }))}
        onKeyDown={(e) => { if (e.key === 'Delete') { e.preventDefault(); void closeTab(id); } }}>
        <span className={`method m-${method.toLowerCase()}`}>{method}</span> <span className="tab-name">{name}</span>{dirty ? <span className="dirty" aria-label="unsaved changes"> •</span> : ''}
      </button>
      <span className="tab-close" aria-hidden="true" title={`Close ${name}`} onClick={() => void closeTab(id)}><X size={13} /></span>
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
