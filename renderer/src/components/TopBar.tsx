import { Keyboard } from 'lucide-react';
import { openPalette, shortcutsSheet } from '../features/palette/commands';
import { ThemeSwitch } from '../features/theme';
import { useStore } from '../lib/store';
import { openDialog, showView, ui } from '../state/ui';
import { activeCollection, selectEnvironment, workspace } from '../state/workspace';

/** Always visible: the environment switcher, and the dialogs' entry points. */
export function TopBar() {
  const wc = useStore(workspace, (s) => activeCollection(s));
  const environment = useStore(workspace, (s) => s.environment);
  const info = useStore(workspace, (s) => s.info);
  const view = useStore(ui, (s) => s.view);
  return (
    <header className="topbar" role="banner">
      <strong className="brand">Keyhole</strong>
      <label>Environment{' '}
        <select aria-label="Environment" value={environment ?? ''} onChange={(e) => selectEnvironment(e.target.value || undefined)}>
          <option value="">No environment</option>
          {wc?.environments.map((e) => <option key={e.name} value={e.name}>{e.name}</option>)}
        </select>
      </label>
      <button type="button" onClick={() => openDialog('environments')}>Environments</button>
      <button type="button" onClick={() => openDialog('import')}>Import</button>
      <button type="button" onClick={() => openDialog('export')}>Export</button>
      <button type="button" aria-pressed={view === 'runner'} onClick={() => showView(view === 'runner' ? 'requests' : 'runner')}>Runner</button>
      <span className="grow" />
      <ThemeSwitch />
      <button type="button" onClick={() => openPalette('all')} title="Command palette: actions, requests, environments (Ctrl+K)" aria-keyshortcuts="Control+K">Commands <kbd>Ctrl+K</kbd></button>
      <button type="button" className="icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (Ctrl+/)" onClick={() => shortcutsSheet.set(true)}><Keyboard size={16} aria-hidden /></button>
      {info && !info.secretStorage.osEncrypted && <span className="warn" role="note" title={info.secretStorage.warning}>Secrets: {info.secretStorage.backend} (not OS-encrypted)</span>}
    </header>
  );
}
