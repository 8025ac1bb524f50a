#!/usr/bin/env node
// `npm start`: the desktop app through electron-vite. Electron 45 fetches its binary on first
// start; where that download cannot happen, say so in one sentence and start the same app in the
// browser instead (scripts/start-browser.mjs) rather than let a stack trace speak.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startBrowserMode } from './start-browser.mjs';

const require = createRequire(import.meta.url);
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: process.cwd(),
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 120_000,
});
if (probe.status !== 0 || !probe.stdout || !existsSync(probe.stdout)) {
  console.error(
    "Keyhole's desktop app cannot start here because the Electron binary could not be downloaded " +
      "(this machine cannot reach Electron's release downloads); starting the same app in your browser instead " +
      '(the CLI is `npx keyhole --help`).',
  );
  await startBrowserMode(process.argv.slice(2));
} else {
  const bin = require.resolve('electron-vite/bin/electron-vite.js');
  const child = spawn(process.execPath, [bin, 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}
