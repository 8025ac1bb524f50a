import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as undici from 'undici';
import { describe, expect, it } from 'vitest';
import { Agent, ProxyAgent, buildConnector } from '../../../electron/engine/http/undici-classes';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe("the engine's undici parts", () => {
  it('are the very classes undici exports (its file layout, which has no exports map, is what this pins)', () => {
    expect(Agent).toBe(undici.Agent);
    expect(ProxyAgent).toBe(undici.ProxyAgent);
    expect(buildConnector).toBe(undici.buildConnector);
  });

  it('a request through the engine loads neither undici’s index nor its fetch, and dispatchers still have connect()', async () => {
    // A fresh process: this one has loaded undici's index for the test above.
    const code = `
      import { createServer } from 'node:http';
      import { createRequire } from 'node:module';
      import { tmpdir } from 'node:os';
      import { send, closeDispatchers, DEFAULT_SETTINGS } from ${JSON.stringify(`${ROOT}electron/engine/http/index.ts`)};
      const server = createServer((_req, res) => res.end('ok'));
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const x = await send({ method: 'GET', url: 'http://127.0.0.1:' + server.address().port + '/', headers: [], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [] },
        { settings: { ...DEFAULT_SETTINGS, proxy: { mode: 'none' } }, tempDir: tmpdir(), env: {} });
      await closeDispatchers(); server.close();
      const req = createRequire(${JSON.stringify(`${ROOT}package.json`)});
      const files = Object.keys(req.cache).filter((f) => f.includes('/node_modules/undici/'));
      // The method index.js adds to every dispatcher, which ProxyAgent's tunnels need.
      const connect = typeof req('undici/lib/dispatcher/agent.js').prototype.connect;
      console.log(JSON.stringify({ status: x.response.status, files, connect }));
    `;
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-undici-'));
    const script = join(dir, 'probe.mts');
    writeFileSync(script, code);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [`${ROOT}node_modules/tsx/dist/cli.mjs`, script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
      child.on('error', reject);
      child.on('exit', () => resolve(text));
    }).finally(() => rmSync(dir, { recursive: true, force: true }));
    const { status, files, connect } = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { status: number; files: string[]; connect: string };
    expect(status).toBe(200);
    expect(connect).toBe('function');
    expect(files.some((f) => f.endsWith('/undici/lib/dispatcher/agent.js'))).toBe(true);
    expect(files.filter((f) => f.endsWith('/node_modules/undici/index.js') || f.includes('/undici/lib/web/'))).toEqual([]);
  }, 30_000);
});
