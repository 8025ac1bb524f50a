import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHANNELS, dispatch, failure } from '../../shared/ipc';
import { KeyholeError } from '../../shared/errors';
import { createHandlers } from '../engine/api';
import { desktopHost } from './desktop-host';
import { buildMenu } from './menu';
import { desktopSecrets } from './secrets';
import { hardenContents, hardenSession } from './security';

/**
 * The Electron shell, thin on purpose: a hardened window, the secret store on safeStorage, native
 * dialogs, and the IPC contract answered by the same handlers the browser bridge uses.
 */
const SCHEME = 'app';
const HERE = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(HERE, '../renderer');
const DEV_URL = process.env.ELECTRON_RENDERER_URL;

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | undefined;
const isAppUrl = (url: string): boolean => url.startsWith(`${SCHEME}://keyhole/`) || (DEV_URL !== undefined && url.startsWith(DEV_URL));

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession, isAppUrl);
  protocol.handle(SCHEME, (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : path));
    if (!file.startsWith(RENDERER_DIR + sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, isAppUrl));

  const userData = app.getPath('userData');
  const secrets = desktopSecrets(userData);
  const tempDir = join(app.getPath('temp'), `keyhole-${process.pid}`);
  await mkdir(tempDir, { recursive: true, mode: 0o700 });
  const host = desktopHost({
    version: app.getVersion(), platform: process.platform,
    workspaceRoot: join(app.getPath('documents'), 'Keyhole'),
    secrets: secrets.store, secretStorage: secrets.info, tempDir, stateDir: join(userData, 'state'),
    warmScripts: true,
    // Packaged, the example rides in the app's resources (electron.builder.yml extraResources).
    exampleWorkspace: app.isPackaged ? join(process.resourcesPath, 'examples', 'demo-workspace') : join(app.getAppPath(), 'examples', 'demo-workspace'),
    openExternal: (url) => shell.openExternal(url),
    revealFile: (path) => shell.showItemInFolder(path),
    chooseFolder: async (create) => {
      const r = await dialog.showOpenDialog({ title: create ? 'New workspace folder' : 'Open workspace folder', properties: ['openDirectory', ...(create ? ['createDirectory' as const] : [])] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    pickFile: async (title) => {
      const r = await dialog.showOpenDialog({ title: title ?? 'Choose a file', properties: ['openFile'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    saveFile: async (suggestedName, content) => {
      const r = await dialog.showSaveDialog({ defaultPath: suggestedName });
      if (r.canceled || !r.filePath) return null;
      if ('path' in content) await copyFile(content.path, r.filePath); else await writeFile(r.filePath, content.bytes);
      return r.filePath;
    },
  });
  const api = createHandlers(host);
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      // Only our own page may call the engine (a frame that navigated elsewhere may not).
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) return failure(new KeyholeError('invalid-input', 'IPC from an unknown frame'));
      return dispatch(api.handlers, channel, input);
    });
  }
  Menu.setApplicationMenu(buildMenu(() => win, (create) => {
    win?.webContents.executeJavaScript(`window.dispatchEvent(new CustomEvent('keyhole:choose-workspace', { detail: ${create ? 'true' : 'false'} }))`).catch(() => undefined);
  }));

  // Written out here, not spread from a constant, so a reviewer (and electronegativity's static
  // checks, docs/electronegativity.md) sees every option at the window that uses it.
  win = new BrowserWindow({
    width: 1400, height: 900, show: false, title: 'Keyhole',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would ask for a new window; setWindowOpenHandler denies it, and this stops it earlier.
      disableBlinkFeatures: 'Auxclick',
      preload: join(HERE, '../preload/index.cjs'),
    },
  });
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(DEV_URL ?? `${SCHEME}://keyhole/index.html`);
  app.on('second-instance', () => { if (win) { if (win.isMinimized()) win.restore(); win.focus(); } });
  app.on('window-all-closed', () => { void api.close().then(() => app.quit()); });
}

void start();
