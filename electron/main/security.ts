import { shell, type BrowserWindow, type Session, type WebContents } from 'electron';
import { isExternalLink } from './external-link';

/** The policy of the window (same as the bridge's header and index.html's meta tag). */
export const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "worker-src 'self' blob:", "connect-src 'self'", "frame-src 'self' blob:",
  "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

/**
 * Electron's security checklist, applied to the session and every web contents: every permission
 * denied, no navigation away from the app, window.open refused (links go to the system browser
 * after the check above), no webviews, the CSP sent as a header too.
 */
export function hardenSession(session: Session, appOrigin: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    // No remote content: the renderer loads its own files and blob:/data: URLs, nothing else.
    const ok = appOrigin(details.url) || details.url.startsWith('blob:') || details.url.startsWith('data:') || details.url.startsWith('devtools:');
    callback({ cancel: !ok });
  });
}

export function hardenContents(contents: WebContents, appOrigin: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!appOrigin(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!appOrigin(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export type Window = BrowserWindow;
