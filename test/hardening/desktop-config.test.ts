import { EventEmitter } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';

/**
 * Guarantee 7, the desktop shell's configuration as CI can see it without an Electron binary: the
 * final BrowserWindow options read from electron/main's source (they are written out at the
 * constructor so Electronegativity sees them too), the navigation and window.open policy run
 * against a stand-in WebContents, and the fuses of the packaged configuration.
 */
const ROOT = process.cwd();

// electron/main/security.ts imports `shell`; the real module would try to download a binary.
const opened: string[] = [];
vi.mock('electron', () => ({ shell: { openExternal: async (url: string) => { opened.push(url); } } }));

type Literal = string | number | boolean | null | { expr: string };

/** Every `new BrowserWindow({...})` under electron/main, its options as literals (or the expression text). */
async function browserWindowOptions(): Promise<{ file: string; options: Record<string, Literal | Record<string, Literal>> }[]> {
  const files = (await readdir(join(ROOT, 'electron/main'), { recursive: true })).filter((f) => f.endsWith('.ts')).map((f) => `electron/main/${f}`);
  expect(files).toContain('electron/main/index.ts');
  const out: { file: string; options: Record<string, Literal | Record<string, Literal>> }[] = [];
  for (const file of files) {
    const text = await readFile(join(ROOT, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const literal = (e: ts.Expression): Literal => {
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
      if (ts.isNumericLiteral(e)) return Number(e.text);
      if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
      if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
      if (e.kind === ts.SyntaxKind.NullKeyword) return null;
      return { expr: e.getText(source) };
    };
    const objectOf = (o: ts.ObjectLiteralExpression): Record<string, Literal | Record<string, Literal>> => {
      const rec: Record<string, Literal | Record<string, Literal>> = {};
      for (const p of o.properties) {
        if (ts.isSpreadAssignment(p)) rec['...'] = { expr: p.getText(source) };
        if (!ts.isPropertyAssignment(p)) continue;
        const key = p.name.getText(source);
        rec[key] = ts.isObjectLiteralExpression(p.initializer) ? objectOf(p.initializer) as Record<string, Literal> : literal(p.initializer);
      }
      return rec;
    };
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && n.expression.getText(source) === 'BrowserWindow') {
        const arg = n.arguments?.[0];
        out.push({ file, options: arg && ts.isObjectLiteralExpression(arg) ? objectOf(arg) : { '?': { expr: arg?.getText(source) ?? 'none' } } });
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return out;
}

describe('the final webPreferences', () => {
  it('the one window is isolated, sandboxed, without Node, with web security and our preload only', async () => {
    const windows = await browserWindowOptions();
    expect(windows).toHaveLength(1);
    const prefs = windows[0]?.options.webPreferences as Record<string, Literal>;
    expect(prefs).toBeDefined();
    // Spreads or computed values would hide the final value from this check and from Electronegativity.
    expect(Object.keys(prefs)).not.toContain('...');
    expect(prefs).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false, navigateOnDragDrop: false,
    });
    // Options that would reopen what the ones above close.
    for (const forbidden of ['enableBlinkFeatures', 'additionalArguments', 'partition', 'session', 'devTools']) expect(prefs[forbidden], forbidden).toBeUndefined();
    // The preload is ours: the built CommonJS preload next to main, nothing taken from outside.
    expect(prefs.preload).toEqual({ expr: "join(HERE, '../preload/index.cjs')" });
    expect(await readFile(join(ROOT, 'electron/main/index.ts'), 'utf8')).toMatch(/const HERE = fileURLToPath\(new URL\('\.', import\.meta\.url\)\)/);
  });

  it('every web contents gets the navigation and window policy, and the session every permission denied', async () => {
    const main = await readFile(join(ROOT, 'electron/main/index.ts'), 'utf8');
    expect(main).toMatch(/app\.on\('web-contents-created', \(_e, contents\) => hardenContents\(contents, isAppUrl\)\)/);
    expect(main).toMatch(/hardenSession\(/);
  });
});

/** Just enough of a WebContents for the handlers hardenContents installs. */
class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.openHandler = h;
  }
  /** Emits an Electron-style event and says whether a handler prevented it. */
  attempt(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => { prevented = true; } }, url);
    return prevented;
  }
}

describe('navigation and new windows', () => {
  it('navigation and redirects away from the app are prevented, webviews refused, window.open denied', async () => {
    const { hardenContents } = await import('../../electron/main/security');
    const contents = new FakeContents();
    const isApp = (url: string): boolean => url.startsWith('keyhole://keyhole/');
    hardenContents(contents as never, isApp);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:1/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>']) {
      expect(contents.attempt('will-navigate', url), url).toBe(true);
      expect(contents.attempt('will-redirect', url), url).toBe(true);
    }
    expect(contents.attempt('will-navigate', 'keyhole://keyhole/index.html')).toBe(false);
    expect(contents.attempt('will-attach-webview', 'about:blank')).toBe(true);
    for (const url of ['https://example.com/docs', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@example.com/', 'keyhole://keyhole/index.html']) {
      expect(contents.openHandler?.({ url }), url).toEqual({ action: 'deny' });
    }
    // Only a plain http(s) link went on, and to the system browser, not to a window of the app.
    expect(opened).toEqual(['https://example.com/docs']);
  });
});

describe('the Electron fuses of the packaged configuration', () => {
  it('electron.builder.yml flips each fuse to its safe value', async () => {
    const config = parse(await readFile(join(ROOT, 'electron.builder.yml'), 'utf8')) as { electronFuses?: Record<string, unknown>; asar?: unknown };
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
