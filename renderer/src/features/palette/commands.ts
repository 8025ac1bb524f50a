import { createStore } from '../../lib/store';
import { newCollection } from '../../components/Sidebar';
import { activeTab, cancel, closeTab, hasRunning, newTab, reopenClosedTab, save, send, tabs } from '../../state/tabs';
import { openDialog, showView, toggleSidebar, ui } from '../../state/ui';
import { newGrpc } from '../grpc/new-grpc';

/**
 * Every action the app offers by name: the palette lists them with their shortcut, the keyboard
 * handler runs them, the shortcuts sheet shows them. One table, so a shortcut shown is a shortcut
 * that works.
 */
export interface Command {
  id: string;
  title: string;
  /** As shown: "Ctrl+S" (Cmd on macOS). Several ways to press it are separate entries in `keys`. */
  shortcut?: string | undefined;
  /** What the keyboard handler matches: "mod+s", "mod+shift+t", "escape"... (mod = Ctrl or Cmd). */
  keys?: string[] | undefined;
  /** Where the shortcut applies; 'global' unless it would steal a key the focused field needs. */
  when?: 'global' | 'not-typing' | undefined;
  run: () => void;
}

/** Which palette is open: everything (Ctrl+K), requests only (Ctrl+P), environments (Ctrl+E), open tabs. */
export type PaletteMode = 'all' | 'requests' | 'environments' | 'tabs';
export const palette = createStore<{ mode: PaletteMode } | undefined>(undefined);
export const openPalette = (mode: PaletteMode): void => palette.set({ mode });
export const shortcutsSheet = createStore(false);

const withTab = (fn: (id: string) => unknown) => (): void => { const t = activeTab(); if (t) void fn(t.id); };

function cycleTab(step: number): void {
  tabs.set((s) => {
    const i = s.tabs.findIndex((t) => t.id === s.activeId);
    const next = s.tabs[(i + step + s.tabs.length) % Math.max(1, s.tabs.length)];
    return next ? { ...s, activeId: next.id } : s;
  });
}

/** Focuses the URL bar with its text selected, so typing replaces it at once (insomnium#115). */
function focusUrl(): void {
  const go = (): boolean => {
    const el = document.querySelector<HTMLInputElement>('input[aria-label="URL"]');
    el?.focus();
    el?.select();
    return el !== null;
  };
  if (go()) return;
  // From the Runner view the URL bar appears with the next render.
  showView('requests');
  requestAnimationFrame(() => void go());
}

export const COMMANDS: Command[] = [
  { id: 'palette', title: 'Command palette', shortcut: 'Ctrl+K', keys: ['mod+k'], run: () => openPalette('all') },
  { id: 'quick-open', title: 'Go to request…', shortcut: 'Ctrl+P', keys: ['mod+p'], run: () => openPalette('requests') },
  { id: 'environment', title: 'Switch environment…', shortcut: 'Ctrl+E', keys: ['mod+e'], run: () => openPalette('environments') },
  { id: 'send', title: 'Send request', shortcut: 'Ctrl+Enter', keys: ['mod+enter'], run: withTab(send) },
  { id: 'cancel', title: 'Cancel the running send or gRPC call', shortcut: 'Esc', keys: ['escape'], when: 'not-typing', run: withTab(cancel) },
  { id: 'save', title: 'Save request', shortcut: 'Ctrl+S', keys: ['mod+s'], run: withTab(save) },
  { id: 'new-tab', title: 'New tab', shortcut: 'Ctrl+T (Ctrl+Alt+T in a browser)', keys: ['mod+t', 'mod+alt+t'], run: () => { showView('requests'); newTab(); } },
  { id: 'close-tab', title: 'Close tab', shortcut: 'Ctrl+W (Ctrl+Alt+W in a browser)', keys: ['mod+w', 'mod+alt+w'], run: withTab(closeTab) },
  { id: 'reopen-tab', title: 'Reopen closed tab', shortcut: 'Ctrl+Shift+T', keys: ['mod+shift+t'], run: () => reopenClosedTab() },
  { id: 'next-tab', title: 'Next tab', shortcut: 'Ctrl+Tab or Ctrl+PageDown', keys: ['mod+tab', 'mod+pagedown'], run: () => cycleTab(1) },
  { id: 'prev-tab', title: 'Previous tab', shortcut: 'Ctrl+Shift+Tab or Ctrl+PageUp', keys: ['mod+shift+tab', 'mod+pageup'], run: () => cycleTab(-1) },
  { id: 'all-tabs', title: 'Show all open tabs…', run: () => openPalette('tabs') },
  { id: 'focus-url', title: 'Focus the URL bar', shortcut: 'Ctrl+L', keys: ['mod+l'], run: focusUrl },
  { id: 'toggle-sidebar', title: 'Show or hide the sidebar', shortcut: 'Ctrl+\\', keys: ['mod+\\'], run: toggleSidebar },
  { id: 'environments', title: 'Edit environments and auth profiles', run: () => openDialog('environments') },
  { id: 'new-grpc', title: 'New gRPC request', run: () => void newGrpc() },
  { id: 'new-collection', title: 'New collection…', run: () => void newCollection() },
  { id: 'import', title: 'Import…', run: () => openDialog('import') },
  { id: 'export', title: 'Export the collection…', run: () => openDialog('export') },
  { id: 'runner', title: 'Open the Runner', run: () => showView('runner') },
  { id: 'requests', title: 'Back to the requests', run: () => showView('requests') },
  { id: 'shortcuts', title: 'Keyboard shortcuts', shortcut: 'Ctrl+/', keys: ['mod+/'], run: () => shortcutsSheet.set(true) },
];

/** The shortcut the command table shows for a command, for tooltips and menus ("Ctrl+S"). */
export function shortcutOf(id: string): string | undefined {
  return COMMANDS.find((c) => c.id === id)?.shortcut;
}

/** "mod+shift+t" for a key event (mod = Ctrl, or Cmd on macOS). */
export function comboOf(e: KeyboardEvent): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('mod');
  if (e.altKey) parts.push('alt');
  if (e.shiftKey) parts.push('shift');
  parts.push(e.key.toLowerCase());
  return parts.join('+');
}

const typing = (t: EventTarget | null): boolean => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest('.monaco-editor') !== null);

/** The app's keyboard handler: runs the command bound to the keys, unless a dialog has the focus. */
export function onShortcut(e: KeyboardEvent): void {
  if (e.defaultPrevented) return;
  const combo = comboOf(e);
  const c = COMMANDS.find((x) => x.keys?.includes(combo));
  if (!c) return;
  // A dialog owns its keys (Esc closes it, Enter confirms it); the palette opens over nothing else.
  if (document.querySelector('[role=dialog], [role=alertdialog]')) return;
  if (c.when === 'not-typing' && typing(e.target)) return;
  if (c.id === 'cancel' && !hasRunning(activeTab())) return;
  if (ui.get().dialog && c.id !== 'palette') return;
  e.preventDefault();
  c.run();
}
