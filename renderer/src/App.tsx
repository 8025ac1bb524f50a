import { useEffect } from 'react';
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
import { activeTab, closeTab, isDirty, newTab, save, send, tabs, type Tab, type TabsState } from './state/tabs';
import { runner } from './state/runner';
import { ui } from './state/ui';
import { loadWorkspace, workspace } from './state/workspace';

export function App() {
  const state = useStore(tabs, (s) => s);
  const dialog = useStore(ui, (s) => s.dialog);
  const view = useStore(ui, (s) => s.view);
  const notice = useStore(ui, (s) => s.notice);
  const error = useStore(workspace, (s) => s.error);
  const runSelected = useStore(runner, (s) => s.selected?.result);
  const tab = activeTab(state);

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
        {view === 'runner' ? <RunnerView /> : <RequestTabs state={state} tab={tab} />}
      </main>
      {view === 'runner' ? <Inspector tab={undefined} response={runSelected} /> : <Inspector tab={tab} />}
      {dialog === 'environments' && <EnvironmentsDialog />}
      {dialog === 'import' && <ImportDialog />}
      {dialog === 'export' && <ExportDialog />}
      <ConflictDialog />
      <div className="sr-only" role="status" aria-live="polite">{notice}</div>
    </div>
  );
}

/** The open request tabs and the active tab's editor and response. */
function RequestTabs({ state, tab }: { state: TabsState; tab: Tab | undefined }) {
  return (
    <>
      <div role="tablist" aria-label="Open requests" className="tabs request-tabs">
        {state.tabs.map((t) => (
          <div key={t.id} className="tab-wrap">
            <button role="tab" type="button" aria-selected={t.id === state.activeId} onClick={() => tabs.set((s) => ({ ...s, activeId: t.id }))}>
              <span className={`method m-${t.draft.method.toLowerCase()}`}>{t.draft.method}</span> {t.draft.name}{isDirty(t) ? ' •' : ''}
            </button>
            <button type="button" aria-label={`Close ${t.draft.name}`} onClick={() => closeTab(t.id)}>×</button>
          </div>
        ))}
        <button type="button" aria-label="New tab" onClick={() => newTab()}>+</button>
      </div>
      {tab ? <div className="work"><RequestEditor key={tab.id} tab={tab} /><ResponsePanel key={`r-${tab.id}`} tab={tab} /></div> : <p className="muted">Open a request from the sidebar or press ＋.</p>}
    </>
  );
}
