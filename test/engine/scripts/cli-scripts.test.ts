import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../scripts/build-cli';
import { removeHook, ROOT, spawnCli, withoutTimings } from '../../cli/spawn-cli';

// `keyhole run` runs scripts on its own thread (a batch run serves nothing meanwhile), the same
// from the bundle in out/cli and from the TypeScript sources. The app keeps them on a worker
// thread; its built form (script-worker.js beside the bundle, found by worker-host.ts) is checked
// by bundling the engine the way electron.vite.config.ts does and running a script through it.

let server: Server;
let baseUrl: string;
let build: string;
let collection: string;

const REQUEST = `name: Scripted
method: GET
url: "{{baseUrl}}/user"
scripts:
  preRequest: "pm.variables.set('who', 'Ada');"
  test: |
    pm.test('status 200', () => pm.response.to.have.status(200));
    pm.test('name from the body', () => pm.expect(pm.response.json().name).to.equal('Ada'));
    pm.test('a failing check for ' + pm.variables.get('who'), () => pm.expect(1).to.equal(2));
`;

beforeAll(async () => {
  server = createServer((_req, res) => { res.setHeader('Content-Type', 'application/json'); res.end('{"name":"Ada"}'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  collection = mkdtempSync(join(tmpdir(), 'keyhole-scripted-collection-'));
  writeFileSync(join(collection, 'collection.yaml'), 'keyhole: 1\nname: Scripted\norder:\n  - scripted.request.yaml\n');
  writeFileSync(join(collection, 'scripted.request.yaml'), REQUEST);
  build = (await buildCli({ outdir: join(ROOT, 'out', `cli-test-scripts-${process.pid}-${randomBytes(3).toString('hex')}`) })).outdir;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(collection, { recursive: true, force: true });
  if (build) rmSync(build, { recursive: true, force: true });
  removeHook();
});

describe('keyhole run with test scripts', () => {
  it('runs the scripts on its own thread from the built CLI and from the sources, with the same report', async () => {
    const args = ['run', collection, '--var', `baseUrl=${baseUrl}`];
    const built = await spawnCli(args, { from: 'built', build });
    const source = await spawnCli(args, { from: 'source', build });
    for (const run of [built, source]) {
      expect(run.out, run.err).toContain('1 requests, 1 failed; 3 assertions, 1 failed');
      // Only failed assertions are listed; the name carries the pre-request script's variable.
      expect(run.out).toContain('a failing check for Ada: AssertionError: expected 1 to equal 2');
      expect(run.code).toBe(1);
    }
    expect(built.loaded.some((u) => u.startsWith(`file://${build}/`))).toBe(true);
    // No worker thread: the load hook reaches worker threads too, and neither run loaded one.
    const workers = (run: typeof built): string[] => run.loaded.filter((u) => /script-worker|worker\/(bootstrap|entry)/.test(u));
    expect(workers(built)).toEqual([]);
    expect(workers(source)).toEqual([]);
    // The control: the sources run did load the runner the worker would have (scripts did run here).
    expect(source.loaded.some((u) => u.endsWith('/electron/engine/scripts/worker/runner.ts'))).toBe(true);
    expect(withoutTimings(built.out)).toBe(withoutTimings(source.out));
  }, 120_000);
});
