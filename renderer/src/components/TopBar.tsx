import { Keyboard } from 'lucide-react';
import { openPalette, shortcutOf, shortcutsSheet } from '../features/palette/commands';
import { Button, IconButton, Select, Tooltip, withShortcut } from '../ui';
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
        <Select label="Environment" value={environment ?? ''} onChange={(name) => selectEnvironment(name || undefined)} title={withShortcut('Switch environment', shortcutOf('environment'))}
          options={[{ value: '', label: 'No environment' }, ...(wc?.environments ?? []).map((e) => ({ value: e.name, label: e.name }))]} />
      </label>
      <Button onClick={() => openDialog('environments')}>Environments</Button>
      <Button onClick={() => openDialog('import')}>Import</Button>
      <Button onClick={() => openDialog('export')}>Export</Button>
      <Button aria-pressed={view === 'runner'} onClick={() => showView(view === 'runner' ? 'requests' : 'runner')}>Runner</Button>
      <span className="grow" />
      <ThemeSwitch />
      <Tooltip content={withShortcut('Command palette: actions, requests, environments', shortcutOf('palette'))}>
        <Button onClick={() => openPalette('all')} aria-keyshortcuts="Control+K">Commands <kbd>{shortcutOf('palette')}</kbd></Button>
      </Tooltip>
      <IconButton label="Keyboard shortcuts" shortcut={shortcutOf('shortcuts')} icon={<Keyboard size={16} aria-hidden />} onClick={() => shortcutsSheet.set(true)} />
      {info && !info.secretStorage.osEncrypted && <span className="warn" role="note" title={info.secretStorage.warning}>Secrets: {info.secretStorage.backend} (not OS-encrypted)</span>}
    </header>
  );
}
