import { existsSync, statSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS = join(ROOT, 'test-results');
const INDEX = join(ROOT, 'out', 'renderer', 'index.html');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds the renderer when the build is missing or older than its sources (renderer/, shared/),
 * so the e2e tests always drive the code under test and a second run skips the 10 s build.
 */
export async function ensureRendererBuilt(): Promise<void> {
  const stale = !existsSync(INDEX) || statSync(INDEX).mtimeMs < Math.max(newest(join(ROOT, 'renderer')), newest(join(ROOT, 'shared')));
  if (!stale) return;
  const { build } = await import('vite');
  const { rendererConfig } = await import('../../renderer/vite.config');
  await build({ ...rendererConfig, logLevel: 'warn' });
}

export const CHROMIUM = '/usr/bin/chromium';

export interface Launched {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, never a downloaded browser. chromium.launch gives every launch a
 * fresh temporary profile of its own (it refuses --user-data-dir), removed when it closes.
 */
export async function launch(): Promise<Launched> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await guardNativeDialogs(context);
  await mkdir(RESULTS, { recursive: true });
  return {
    browser, context,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/**
 * Electron implements no window.prompt (and the app must not rely on confirm or alert either): in
 * every e2e page they throw, and each call is recorded here, so the test running when one happens
 * fails in afterEach, whichever file it is in. A browser "Leave site?" prompt (beforeunload) is
 * not the app's dialog: it is counted per page and accepted, so navigation goes on.
 */
const nativeCalls: string[] = [];
const leavePrompts = new WeakMap<Page, number>();

async function guardNativeDialogs(context: BrowserContext): Promise<void> {
  await context.exposeBinding('__keyholeNativeDialog', (_source, name: string, text: string) => { nativeCalls.push(`${name}(${JSON.stringify(text)})`); });
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown> & { __keyholeNativeDialog: (name: string, text: string) => void };
    for (const name of ['prompt', 'confirm', 'alert']) {
      w[name] = (text?: unknown) => {
        w.__keyholeNativeDialog(name, String(text ?? ''));
        throw new Error(`window.${name} is forbidden in Keyhole: Electron does not implement it`);
      };
    }
  });
  const watch = (page: Page): void => {
    page.on('dialog', (d) => {
      if (d.type() === 'beforeunload') {
        leavePrompts.set(page, (leavePrompts.get(page) ?? 0) + 1);
        void d.accept();
        return;
      }
      nativeCalls.push(`${d.type()}(${JSON.stringify(d.message())})`);
      void d.dismiss();
    });
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
}

/** How many times this page asked "Leave site?" (beforeunload with unsaved work). */
export function leavePromptCount(page: Page): number {
  return leavePrompts.get(page) ?? 0;
}

// Only inside vitest: the benches (bench/renderer.ts, bench/runner-view.ts) launch through here too.
if (process.env.VITEST) {
  afterEach(() => {
    const calls = nativeCalls.splice(0);
    if (calls.length > 0) throw new Error(`The app used a native dialog, which Electron does not have: ${calls.join(', ')}`);
  });
}
