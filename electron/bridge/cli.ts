import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_STATIC_DIR, startWeb } from './web';

/**
 * `npm run web [-- --port 8123] [--workspace DIR]`: Keyhole in a browser. Prints the URL to open;
 * the token in its fragment is what lets that one tab talk to the engine.
 */
const { values } = parseArgs({
  options: { port: { type: 'string' }, workspace: { type: 'string' }, 'static-dir': { type: 'string' } },
  allowPositionals: false,
});
const staticDir = values['static-dir'] ? resolve(values['static-dir']) : DEFAULT_STATIC_DIR;
if (!existsSync(join(staticDir, 'index.html'))) {
  console.error(`The renderer is not built (${staticDir}/index.html is missing): run \`npm run build:renderer\` first.`);
  process.exit(2);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port takes a port number, not "${values.port}"`);
  process.exit(2);
}
const workspaceRoot = resolve(values.workspace ?? join(homedir(), 'Keyhole'));
// The session (open tabs, drafts, layout) outlives `npm run web`, like the desktop app's.
const xdg = process.env.XDG_STATE_HOME;
const stateDir = join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'state'), 'keyhole', 'web');
const bridge = await startWeb({ workspaceRoot, port, staticDir, host: { stateDir } });
console.log(`Keyhole (browser mode) on ${bridge.origin}, workspace ${workspaceRoot}`);
console.log(`Open: ${bridge.url}`);
const stop = (): void => { void bridge.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
