/**
 * Only http(s) URLs with no credentials in them leave the app, and only to the system browser.
 * Kept apart from security.ts (which needs Electron) so plain-Node modules and tests can use it.
 */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
