import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamBytes } from '../../electron/engine/demo/stream-bytes';
import { startHttpServer, type HttpTestServer } from '../servers/http';
import { spawnCli } from './spawn-cli';

/**
 * A response past the in-memory limit (10 MiB) is written under $TMPDIR; on a machine where the
 * CLI never ran, its folder does not exist yet.
 */
const SIZE = 11 * 1024 * 1024;
let server: HttpTestServer;
let tmp: string;

beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': SIZE });
    streamBytes(res, SIZE);
  });
  tmp = await mkdtemp(join(tmpdir(), 'keyhole-fresh-tmpdir-'));
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('keyhole send, a response over 10 MiB, from a fresh TMPDIR', () => {
  it('creates its bodies folder (0700, one per user) and succeeds', async () => {
    expect(await readdir(tmp)).not.toContain(folderName());
    const r = await spawnCli(['send', `${server.url}/big`, '--json'], { from: 'source', env: { TMPDIR: tmp } });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const exchange = JSON.parse(r.out) as { response: { status: number; bodySizeDecoded: number; body: { storage: string; path?: string } } };
    expect(exchange.response).toMatchObject({ status: 200, bodySizeDecoded: SIZE, body: { storage: 'file' } });
    const folder = folderName();
    // (tsx keeps its own cache under TMPDIR too.)
    expect(await readdir(tmp)).toContain(folder);
    expect(exchange.response.body.path?.startsWith(join(tmp, folder))).toBe(true);
    if (process.platform !== 'win32') expect((await stat(join(tmp, folder))).mode & 0o777).toBe(0o700);
  }, 60_000);
});

function folderName(): string {
  return process.getuid ? `keyhole-bodies-${process.getuid()}` : 'keyhole-bodies';
}
