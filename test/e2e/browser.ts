import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

// Chromium and the renderer build without vitest, so the benches (bench/renderer.ts,
// bench/streams.ts) drive the same browser as the e2e tests; harness.ts adds the test guards.

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
export async function launchChromium(): Promise<Launched> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await mkdir(RESULTS, { recursive: true });
  return {
    browser, context,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}
