import type { BrowserContext, Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { launchChromium, type Launched } from './browser';

export { CHROMIUM, ensureRendererBuilt, RESULTS, type Launched } from './browser';

/** Chromium as launchChromium starts it, with the app's native dialogs turned into test failures. */
export async function launch(): Promise<Launched> {
  const launched = await launchChromium();
  await guardNativeDialogs(launched.context);
  return launched;
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
