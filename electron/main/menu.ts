import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/**
 * Native menus with the shortcuts people expect. Commands that act on the renderer are sent as
 * keyboard shortcuts the renderer already handles (Ctrl/Cmd+Enter, Ctrl/Cmd+S), so there is one
 * code path for the menu and the keyboard.
 */
export function buildMenu(win: () => BrowserWindow | undefined, openWorkspace: (create: boolean) => void): Menu {
  const key = (keyCode: string, modifiers: ('control' | 'meta' | 'alt' | 'shift')[]) => () => {
    const w = win();
    if (!w) return;
    const mods = modifiers.map((m) => (m === 'control' && process.platform === 'darwin' ? 'meta' : m));
    w.webContents.sendInputEvent({ type: 'keyDown', keyCode, modifiers: mods });
  };
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => openWorkspace(false) },
        { label: 'New Workspace…', accelerator: 'CmdOrCtrl+Shift+N', click: () => openWorkspace(true) },
        { type: 'separator' },
        { label: 'Save Request', accelerator: 'CmdOrCtrl+S', click: key('s', ['control']) },
        { label: 'Send Request', accelerator: 'CmdOrCtrl+Enter', click: key('Enter', ['control']) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
