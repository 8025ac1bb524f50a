import { Command } from 'cmdk';
import { useMemo } from 'react';
import type { Item } from '../../../../shared/model';
import { tabTitle } from '../../lib/names';
import { useStore } from '../../lib/store';
import { openRequest, tabs } from '../../state/tabs';
import { showView } from '../../state/ui';
import { activeCollection, selectCollection, selectEnvironment, workspace } from '../../state/workspace';
import { Modal } from '../../ui/Modal';
import { COMMANDS, palette, shortcutsSheet, type PaletteMode } from './commands';
import './palette.css';

interface Entry { id: string; title: string; subtitle?: string | undefined; hint?: string | undefined; keywords?: string[]; group: string; run: () => void }

/** Every request of every collection: title, method, URL and folder path, for quick open. */
function requestEntries(): Entry[] {
  const out: Entry[] = [];
  for (const wc of workspace.get().collections) {
    const walk = (items: readonly Item[], path: string[]): void => {
      for (const it of items) {
        if (it.kind === 'folder') { walk(it.items, [...path, it.name]); continue; }
        out.push({
          id: `req:${wc.id}:${it.id ?? it.name}:${out.length}`, group: 'Requests', title: `${it.method} ${it.name}`,
          subtitle: [wc.collection.name, ...path].join(' / '), hint: it.url, keywords: [it.url, wc.collection.name, ...path],
          run: () => { selectCollection(wc.id); openRequest(wc.id, it); showView('requests'); },
        });
      }
    };
    walk(wc.collection.items, []);
  }
  return out;
}

function environmentEntries(): Entry[] {
  const wc = activeCollection();
  if (!wc) return [];
  const current = workspace.get().environment;
  return [
    { id: 'env:none', group: `Environments of ${wc.collection.name}`, title: 'No environment', hint: current === undefined ? 'active' : undefined, run: () => selectEnvironment(undefined) },
    ...wc.environments.map((e): Entry => ({ id: `env:${e.name}`, group: `Environments of ${wc.collection.name}`, title: e.name, hint: e.name === current ? 'active' : undefined, run: () => selectEnvironment(e.name) })),
  ];
}

function tabEntries(): Entry[] {
  return tabs.get().tabs.map((t): Entry => ({
    id: `tab:${t.id}`, group: 'Open tabs', title: `${t.draft.method} ${tabTitle(t.draft.name, t.draft.url, t.requestId !== undefined)}`,
    hint: t.draft.url, keywords: [t.draft.url],
    run: () => { tabs.set((s) => ({ ...s, activeId: t.id })); showView('requests'); },
  }));
}

function entriesFor(mode: PaletteMode): Entry[] {
  const actions = (): Entry[] => COMMANDS.filter((c) => !['palette', 'cancel'].includes(c.id))
    .map((c) => ({ id: `cmd:${c.id}`, group: 'Actions', title: c.title, hint: c.shortcut, run: c.run }));
  if (mode === 'requests') return requestEntries();
  if (mode === 'environments') return environmentEntries();
  if (mode === 'tabs') return tabEntries();
  return [...actions(), ...environmentEntries(), ...requestEntries()];
}

const PLACEHOLDER: Record<PaletteMode, string> = {
  all: 'Type an action, a request or an environment…',
  requests: 'Go to a request by name, method, URL or folder…',
  environments: 'Switch environment…',
  tabs: 'Go to an open tab…',
};

/**
 * The command palette (Ctrl/Cmd+K): actions with their shortcuts, requests of every collection,
 * the environments; Ctrl+P opens it on requests only, Ctrl+E on environments. Fuzzy match (cmdk),
 * arrows move, Enter runs, Esc closes; the selection goes back to the top match as you type.
 */
export function Palette() {
  const state = useStore(palette, (s) => s);
  if (!state) return null;
  return <PaletteBody mode={state.mode} />;
}

function PaletteBody({ mode }: { mode: PaletteMode }) {
  const entries = useMemo(() => entriesFor(mode), [mode]);
  const groups = useMemo(() => [...new Set(entries.map((e) => e.group))], [entries]);
  const close = (): void => palette.set(undefined);
  return (
    <Modal title={mode === 'environments' ? 'Switch environment' : mode === 'requests' ? 'Go to request' : mode === 'tabs' ? 'Open tabs' : 'Command palette'} onCancel={close} hideClose>
      <Command label="Commands" className="palette" loop>
        <Command.Input autoFocus placeholder={PLACEHOLDER[mode]} aria-label={PLACEHOLDER[mode]} />
        <Command.List>
          <Command.Empty>Nothing matches.</Command.Empty>
          {groups.map((g) => (
            <Command.Group key={g} heading={g}>
              {entries.filter((e) => e.group === g).map((e) => (
                <Command.Item key={e.id} value={`${e.title} ${e.subtitle ?? ''} ${e.id}`} keywords={e.keywords} onSelect={() => { close(); e.run(); }}>
                  <span className="palette-title">{e.title}</span>
                  {e.subtitle && <span className="palette-sub">{e.subtitle}</span>}
                  {e.hint && <kbd className="palette-hint">{e.hint}</kbd>}
                </Command.Item>
              ))}
            </Command.Group>
          ))}
        </Command.List>
      </Command>
    </Modal>
  );
}

/** The keyboard shortcuts sheet: every command that has keys, from the same table the keys run. */
export function ShortcutsSheet() {
  const open = useStore(shortcutsSheet, (s) => s);
  if (!open) return null;
  return (
    <Modal title="Keyboard shortcuts" description="Cmd instead of Ctrl on macOS." onCancel={() => shortcutsSheet.set(false)}>
      <table className="kv compact shortcuts" aria-label="Keyboard shortcuts">
        <thead><tr><th scope="col">Action</th><th scope="col">Keys</th></tr></thead>
        <tbody>
          {COMMANDS.filter((c) => c.shortcut).map((c) => <tr key={c.id}><td>{c.title}</td><td><kbd>{c.shortcut}</kbd></td></tr>)}
          <tr><td>Rename / delete the selected tree item</td><td><kbd>F2</kbd> / <kbd>Delete</kbd></td></tr>
          <tr><td>Tree item menu</td><td><kbd>Shift+F10</kbd></td></tr>
          <tr><td>Close a tab</td><td>middle-click it</td></tr>
        </tbody>
      </table>
    </Modal>
  );
}
