import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: Promise<string> | undefined;

export interface AxeFinding { id: string; impact: string; help: string; targets: string[] }

/**
 * Runs axe-core in the page against WCAG 2.1 A and AA and returns the serious and critical
 * violations. axe's script goes in through page.evaluate (the DevTools protocol), which the app's
 * Content-Security-Policy (script-src 'self') does not block, as it would a <script> tag.
 */
export async function axeViolations(page: Page, include?: string): Promise<AxeFinding[]> {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const script = await source;
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(script);
  const found = await page.evaluate(async (context) => {
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(context ?? document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 8).map((n) => JSON.stringify(n.target)) }));
  }, include);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
