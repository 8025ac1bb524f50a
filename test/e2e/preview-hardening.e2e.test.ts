import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type Bridge } from '../../electron/bridge';
import { startHttpServer, type HttpTestServer } from '../servers/http';
import { ensureRendererBuilt, launch, type Launched } from './harness';

/**
 * Guarantee 7: a response body is data, never code of the app. A local server answers hostile HTML,
 * SVG and Markdown; the app (built renderer, served by the bridge, in Chromium) shows each in
 * every view it offers, preview included. Every hostile payload tries to set a flag on the app's
 * window, change its own page, call a beacon on the server, navigate the app and open a window.
 */
let dir: string;
let hostile: HttpTestServer;
let bridge: Bridge;
let browser: Launched;
let page: Page;
const popups: string[] = [];

const script = (tag: string): string => `
  try { window.__pwned = '${tag}'; } catch (e) {}
  try { parent.__pwned = '${tag}'; top.__pwned = '${tag}'; } catch (e) {}
  try { document.getElementById('marker').textContent = 'script ran'; } catch (e) {}
  try { fetch('/beacon?fetch-${tag}'); new Image().src = '/beacon?img-${tag}'; } catch (e) {}
  try { window.open('/beacon?open-${tag}'); } catch (e) {}
  try { top.location = '/beacon?nav-${tag}'; } catch (e) {}`;

const BODIES: Record<string, { type: string; body: () => string }> = {
  '/page.html': {
    type: 'text/html; charset=utf-8',
    body: () => `<!doctype html><html><head>
      <meta http-equiv="refresh" content="0;url=/beacon?meta-refresh">
      <link rel="stylesheet" href="/beacon?css"><link rel="prefetch" href="/beacon?prefetch">
      <base href="/beacon/" target="_top">
      </head><body onload="${script('onload').replace(/"/g, '&quot;')}">
      <p id="marker">hostile page</p>
      <script>${script('inline')}</script>
      <img src="x:" onerror="${script('onerror').replace(/"/g, '&quot;')}">
      <img src="/beacon?pixel">
      <svg onload="${script('svg-onload').replace(/"/g, '&quot;')}"><script>${script('svg-script')}</script></svg>
      <a id="js" href="javascript:${encodeURIComponent(script('js-link'))}" target="_top">click</a>
      <a id="top" href="/beacon?top-link" target="_top">top</a>
      <a id="blank" href="/beacon?blank-link" target="_blank">blank</a>
      <form id="f" action="/beacon?form" method="post" target="_top"><input name="x" value="1"></form>
      <iframe src="/beacon?iframe"></iframe><object data="/beacon?object"></object><embed src="/beacon?embed">
      <script>document.getElementById('f').submit(); document.getElementById('js').click();</script>
      </body></html>`,
  },
  '/image.svg': {
    type: 'image/svg+xml',
    body: () => `<svg xmlns="http://www.w3.org/2000/svg" onload="${script('svg-doc').replace(/"/g, '&quot;')}"><script>${script('svg-doc-script')}</script>
      <a href="javascript:${encodeURIComponent(script('svg-link'))}"><text x="0" y="15">click</text></a><image href="/beacon?svg-image"/></svg>`,
  },
  // Served as an image type that the app previews with <img>: scripts in an image never run.
  '/image-as-img.svg': { type: 'image/svg', body: () => BODIES['/image.svg']?.body() ?? '' },
  '/notes.md': {
    type: 'text/markdown; charset=utf-8',
    body: () => `# Notes\n\n<script>${script('md-script')}</script>\n\n[click](javascript:${encodeURIComponent(script('md-link'))})\n\n![x](/beacon?md-image)\n\n<img src=x onerror="${script('md-onerror').replace(/"/g, '&quot;')}">\n`,
  },
};

beforeAll(async () => {
  await ensureRendererBuilt();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-preview-'));
  hostile = await startHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const b = BODIES[path];
    req.resume();
    if (!b) { res.writeHead(204).end(); return; }
    res.writeHead(200, { 'content-type': b.type }).end(b.body());
  });
  bridge = await startWeb({ workspaceRoot: join(dir, 'ws') });
  browser = await launch();
  browser.context.on('page', (p) => popups.push(p.url()));
  page = await browser.context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(bridge.url);
  await page.getByRole('combobox', { name: 'URL' }).waitFor();
  popups.length = 0;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await hostile?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Requests the hostile server saw other than the app's own sends of the bodies. */
const beacons = (): string[] => hostile.requests.filter((r) => r.url.startsWith('/beacon')).map((r) => r.url);
const appUrl = (): string => { const u = new URL(page.url()); return `${u.origin}${u.pathname}`; };

async function sendAndShow(path: string): Promise<void> {
  const sends = hostile.requests.filter((r) => r.url === path).length;
  await page.getByRole('button', { name: 'New tab' }).click();
  await page.getByRole('combobox', { name: 'URL' }).fill(`${hostile.url}${path}`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => hostile.requests.filter((r) => r.url === path).length, { timeout: 20_000 }).toBe(sends + 1);
  await expect.poll(() => page.getByRole('status', { name: 'Response status' }).textContent(), { timeout: 20_000 }).toContain('200');
}

/** Cycles through every view the body offers, preview last, and lets the page settle in each. */
async function everyView(): Promise<string[]> {
  const shown: string[] = [];
  for (const view of ['raw', 'pretty', 'preview']) {
    const radio = page.getByRole('radiogroup', { name: 'Body view' }).getByRole('radio').nth(['pretty', 'raw', 'preview'].indexOf(view));
    if (await radio.isDisabled()) continue;
    await radio.check();
    shown.push(view);
    // Time for a meta refresh, onload handlers and the form submit to fire if they could.
    await page.waitForTimeout(700);
  }
  return shown;
}

async function expectNothingRan(start: string): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(appUrl()).toBe(start);
  expect(popups).toEqual([]);
  expect(beacons()).toEqual([]);
}

describe('hostile response bodies in the app (bridge + built renderer + Chromium)', () => {
  it('HTML: the preview renders the page without running any of its script, navigation, loads or windows', async () => {
    const start = appUrl();
    await sendAndShow('/page.html');
    expect(await everyView()).toContain('preview');
    const frame = page.frameLocator('iframe[title="HTML preview"]');
    // The preview did render the document (so "nothing ran" is not "nothing shown").
    expect(await frame.locator('#marker').textContent()).toBe('hostile page');
    // A user clicking the links inside the preview gets nowhere either.
    for (const id of ['#js', '#top', '#blank']) await frame.locator(id).click({ timeout: 2_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    expect(await frame.locator('#marker').textContent()).toBe('hostile page');
    await expectNothingRan(start);
  }, 60_000);

  for (const path of ['/image.svg', '/image-as-img.svg', '/notes.md']) {
    it(`${path.slice(1)} (${BODIES[path]?.type}): shown in every view it offers, nothing runs`, async () => {
      const start = appUrl();
      await sendAndShow(path);
      const shown = await everyView();
      // An image type is previewed as an <img> (scripts in images never run); the others as text.
      if (path === '/image-as-img.svg') {
        expect(shown).toContain('preview');
        expect(await page.getByRole('img', { name: 'Response image' }).count()).toBe(1);
      } else expect(shown).not.toContain('preview');
      await expectNothingRan(start);
    }, 60_000);
  }

  it('control: the same HTML opened as a page of its own does run its script and call the beacon (the payloads are live)', async () => {
    const before = beacons().length;
    const other = await browser.browser.newContext();
    try {
      const p = await other.newPage();
      p.on('dialog', (d) => void d.dismiss());
      await p.goto(`${hostile.url}/page.html`, { waitUntil: 'commit' });
      await expect.poll(() => beacons().length, { timeout: 10_000 }).toBeGreaterThan(before);
    } finally {
      await other.close();
    }
  }, 30_000);
});
