import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from '../e2e/harness';

let dir: string;
let child: ReturnType<typeof spawn> | undefined;

beforeAll(async () => {
  // Built here, so the fallback finds a current build and never rebuilds under other tests' feet.
  await ensureRendererBuilt();
  dir = mkdtempSync(join(tmpdir(), 'keyhole-start-'));
}, 180_000);

afterAll(() => {
  child?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm start without an Electron binary', () => {
  it('says why in one sentence, then serves the app in browser mode at the URL it prints', async () => {
    // An empty override folder stands for "the binary is not there", whatever this machine can
    // download; a PATH with no programs in it stands for a machine with no system browser.
    const empty = mkdtempSync(join(dir, 'no-electron-'));
    const noPrograms = mkdtempSync(join(dir, 'bin-'));
    const c = spawn(process.execPath, ['scripts/start.mjs', '--workspace', join(dir, 'ws')], {
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, PATH: noPrograms, XDG_STATE_HOME: join(dir, 'state') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    let out = '';
    let err = '';
    c.stdout?.setEncoding('utf8').on('data', (s: string) => { out += s; });
    c.stderr?.setEncoding('utf8').on('data', (s: string) => { err += s; });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /Keyhole is running in browser mode\. Open this URL[^\n]*\n\s+(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
        if (m?.[1]) { clearInterval(timer); resolve(m[1]); }
      }, 50);
      c.on('exit', (code) => { clearInterval(timer); reject(new Error(`start.mjs exited (${code}) before printing a URL:\n${out}\n${err}`)); });
    });

    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron binary could not be downloaded/);
    expect(lines[0]).toMatch(/starting the same app in your browser instead/);
    expect(lines[0]).toMatch(/npx keyhole --help/);

    // The URL serves the renderer, and its token opens the engine's API to that page.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"></div>');
    const origin = new URL(url).origin;
    const token = new URL(url).hash.replace('#token=', '');
    const info = await fetch(`${origin}/api/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyhole-token': token }, body: '{}' });
    expect(await info.json()).toMatchObject({ ok: true, value: { host: 'browser' } });

    // With no browser to open, it carries on serving; Ctrl+C (SIGTERM here) stops it cleanly.
    expect(c.exitCode).toBeNull();
    c.kill('SIGTERM');
    expect(await new Promise((r) => c.on('exit', (code) => r(code)))).toBe(0);
  }, 180_000);
});
