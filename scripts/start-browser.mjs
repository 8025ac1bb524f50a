// The browser mode as `npm start` falls back to it: builds the renderer when its build is missing
// or older than its sources, starts `npm run web` (electron/bridge/cli.ts), prints the URL to open
// and opens the system browser where there is one. Arguments go to the bridge (--workspace, --port).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INDEX = join(ROOT, 'out', 'renderer', 'index.html');

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

/** The same rule as the e2e tests' ensureRendererBuilt: the build is older than what it is built from. */
function rendererStale() {
  if (!existsSync(INDEX)) return true;
  const sources = Math.max(newest(join(ROOT, 'renderer')), newest(join(ROOT, 'shared')), newest(join(ROOT, 'build', 'icon.svg')));
  return statSync(INDEX).mtimeMs < sources;
}

/** The platform's "open this URL" command, if it has one; a failure to open is never fatal. */
function openBrowser(url) {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => console.log('(No system browser to open here: open the URL above yourself.)'));
    child.unref();
  } catch {
    console.log('(No system browser to open here: open the URL above yourself.)');
  }
}

export async function startBrowserMode(args) {
  if (rendererStale()) {
    console.log('Building the renderer for the browser (once; later starts reuse it)...');
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const built = spawnSync(process.execPath, [vite, 'build', '--config', join(ROOT, 'renderer', 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) {
      console.error('The renderer did not build (its output is above); fix it and run `npm start` again.');
      process.exit(1);
    }
  }
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, join(ROOT, 'electron', 'bridge', 'cli.ts'), ...args], { cwd: ROOT, stdio: ['inherit', 'pipe', 'inherit'] });
  let opened = false;
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    buffered += chunk;
    const m = /^Open: (\S+)$/m.exec(buffered);
    if (m && !opened) {
      opened = true;
      console.log(`\nKeyhole is running in browser mode. Open this URL (it carries this launch's token):\n  ${m[1]}\nPress Ctrl+C to stop.`);
      openBrowser(m[1]);
    }
  });
  // Stopped on purpose (Ctrl+C, a service manager's SIGTERM) is a clean end, however tsx relays it.
  let stopping = false;
  const stop = (signal) => { stopping = true; child.kill(signal); };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  child.on('exit', (code) => process.exit(stopping ? 0 : code ?? 1));
}
