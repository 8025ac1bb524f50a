import { memo, useEffect } from 'react';
import { ConflictDialog } from './components/ConflictDialog';
import { EnvironmentsDialog } from './components/EnvironmentsDialog';
import { Inspector } from './components/Inspector';
import { RequestEditor } from './components/RequestEditor';
import { ResponsePanel } from './components/ResponsePanel';
import { RunnerView } from './components/RunnerView';
import { Sidebar } from './components/Sidebar';
import { TopBar } from './components/TopBar';
import { ExportDialog, ImportDialog } from './components/TransferDialogs';
import { api } from './lib/api';
import { useStore } from './lib/store';
import { activeTab, closeTab, isDirty, newTab, save, send, tabs } from './state/tabs';
import { runner } from './state/runner';
import { ui } from './state/ui';
import { loadWorkspace, workspace } from './state/workspace';

/**
 * The shell. It subscribes to no tab state: a URL keystroke changes the active tab's draft, and
 * only the components that show the draft (the tab strip, the editor) may re-render for it, not
 * the sidebar's 500-row tree, the top bar or the inspector.
 */
export function App() {
  const dialog = useStore(ui, (s) => s.dialog);
  const view = useStore(ui, (s) => s.view);
  const notice = useStore(ui, (s) => s.notice);
  const error = useStore(workspace, (s) => s.error);
  const runSelected = useStore(runner, (s) => s.selected?.result);

  useEffect(() => {
    // File > Open/New Workspace in the desktop app's menu.
    const choose = (e: Event): void => {
      void api['workspace.choose']({ create: (e as CustomEvent<boolean>).detail }).then((ws) => { if (ws) void loadWorkspace(); });
    };
    window.addEventListener('keyhole:choose-workspace', choose);
    return () => window.removeEventListener('keyhole:choose-workspace', choose);
  }, []);

  useEffect(() => {
    void loadWorkspace();
    if (tabs.get().tabs.length === 0) newTab();
  }, []);

  useEffect(() => {
    // Ctrl/Cmd+Enter sends, Ctrl/Cmd+S saves, Ctrl/Cmd+T opens a tab, Ctrl/Cmd+W closes it.
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const t = activeTab();
      if (e.key === 'Enter' && t) void send(t.id);
      else if (e.key.toLowerCase() === 's' && t) void save(t.id);
      else if (e.key.toLowerCase() === 't' && e.altKey) newTab();
      else if (e.key.toLowerCase() === 'w' && e.altKey && t) closeTab(t.id);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <TopBar />
      <Sidebar />
      <main className="main" aria-label="Workspace">
        {error && <div role="alert" className="error-card">{error}</div>}
        {view === 'runner' ? <RunnerView /> : <RequestTabs />}
      </main>
      {view === 'runner' ? <Inspector response={runSelected} /> : <TabInspector />}
      {dialog === 'environments' && <EnvironmentsDialog />}
      {dialog === 'import' && <ImportDialog />}
      {dialog === 'export' && <ExportDialog />}
      <ConflictDialog />
      <div className="sr-only" role="status" aria-live="polite">{notice}</div>
    </div>
  );
}

/** The open request tabs and the active tab's editor and response. */
function RequestTabs() {
  const state = useStore(tabs, (s) => s);
  const tab = activeTab(state);
  return (
    <>
      <div role="tablist" aria-label="Open requests" className="tabs request-tabs">
        {state.tabs.map((t) => <TabButton key={t.id} id={t.id} method={t.draft.method} name={t.draft.name} dirty={isDirty(t)} active={t.id === state.activeId} />)}
        <button type="button" aria-label="New tab" onClick={() => newTab()}>+</button>
      </div>
      {tab ? <div className="work"><RequestEditor key={tab.id} tab={tab} /><ResponsePanel key={`r-${tab.id}`} tab={tab} /></div> : <p className="muted">Open a request from the sidebar or press ＋.</p>}
    </>
  );
}

/** One tab of the strip: re-rendered when what it shows changes, not on every keystroke of the draft. */
const TabButton = memo(function TabButton({ id, method, name, dirty, active }: { id: string; method: string; name: string; dirty: boolean; active: boolean }) {
  return (
    <div className="tab-wrap">
      <button role="tab" type="button" aria-selected={active} onClick={() => tabs.set((s) => ({ ...s, activeId: id }))}>
        <span className={`method m-${method.toLowerCase()}`}>{method}</span> {name}{dirty ? ' •' : ''}
      </button>
      <button type="button" aria-label={`Close ${name}`} onClick={() => closeTab(id)}>×</button>
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
