import { chown, lstat, mkdir, readdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { streamBytes } from '../../../electron/engine/demo/stream-bytes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, readBodyText, send } from '../../../electron/engine/http';
import { startHttpServer, type HttpTestServer } from '../../servers/http';
import { startSilentServer, type SilentTestServer } from '../../servers/silent';
import { context, prepared, tempDir } from './helpers';

const FIFTY_MB = 50 * 1024 * 1024;
let silent: SilentTestServer;
let big: HttpTestServer;

beforeAll(async () => {
  silent = await startSilentServer();
  big = await startHttpServer((req, res) => {
    const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? '0');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    streamBytes(res, size);
  });
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([silent.close(), big.close()]);
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

describe('cancel and timeouts', () => {
  it('cancels a request waiting for its response', async () => {
    const ac = new AbortController();
    const accepted = silent.accepted();
    const pending = send(prepared(`${silent.url}/wait`), await context({}, { signal: ac.signal }));
    await until(() => silent.accepted() > accepted);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('an already-cancelled signal sends nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const fresh = await startSilentServer();
    try {
      await expect(send(prepared(`${fresh.url}/never`), await context({}, { signal: ac.signal }))).rejects.toMatchObject({ code: 'cancelled' });
      expect(fresh.accepted()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('a server that accepts but never answers hits the total timeout', async () => {
    const err = await send(prepared(`${silent.url}/slow`), await context({ timeoutMs: 300 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout', details: { which: 'total', limitMs: 300 } });
  });

  it('a TLS handshake that never completes hits the connect timeout', async () => {
    const err = await send(prepared(`https://127.0.0.1:${silent.port}/`), await context({ connectTimeoutMs: 300, timeoutMs: 20_000 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout', details: { which: 'connect' } });
    expect((err as Error).message).toContain(`127.0.0.1:${silent.port}`);
  });

  it('a refused connection is a network error naming host, port and cause', async () => {
    const gone = await startSilentServer();
    await gone.close();
    const err = await send(prepared(`${gone.url}/`), await context()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'network' });
    expect((err as Error).message).toContain(`127.0.0.1:${gone.port}`);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });
});

describe('large bodies', () => {
  it('keeps a body under the cap inline', async () => {
    const ex = await send(prepared(`${big.url}/?size=1000`), await context({ maxBodyInMemoryBytes: 4096 }));
    expect(ex.response.body.storage).toBe('inline');
    expect(await readBodyText(ex.response.body)).toBe('a'.repeat(1000));
  });

  it('streams a 50 MB body to a file in tempDir without holding it in memory', async () => {
    const ctx = await context({ maxBodyInMemoryBytes: 1024 * 1024 });
    const base = process.memoryUsage();
    let peak = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed - base.heapUsed + m.arrayBuffers - base.arrayBuffers);
    }, 5);
    const ex = await send(prepared(`${big.url}/?size=${FIFTY_MB}`), ctx).finally(() => clearInterval(sampler));
    expect(ex.response.body.storage).toBe('file');
    if (ex.response.body.storage !== 'file') return;
    expect(ex.response.body.path.startsWith(ctx.tempDir)).toBe(true);
    expect((await stat(ex.response.body.path)).size).toBe(FIFTY_MB);
    expect(ex.response.bodySizeDecoded).toBe(FIFTY_MB);
    // Holding the body would put at least 50 MB in buffers at once. Streaming holds a few chunks,
    // but spent chunks linger until V8 collects them (around 32 MB of external memory), so the
    // bound that tells the two apart is the body size itself, not a small number.
    expect(peak).toBeLessThan(FIFTY_MB);
  });
});

describe('the folder large bodies go to', () => {
  it('is created (0700) when it does not exist yet, and the body file is readable by its owner only', async () => {
    const dir = join(await tempDir(), 'not', 'made', 'yet');
    const ex = await send(prepared(`${big.url}/?size=5000`), await context({ maxBodyInMemoryBytes: 1000 }, { tempDir: dir }));
    expect(ex.response.body.storage).toBe('file');
    if (ex.response.body.storage !== 'file') return;
    expect(await readBodyText(ex.response.body)).toBe('a'.repeat(5000));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(ex.response.body.path)).mode & 0o777).toBe(0o600);
  });

  it('a symbolic link in its place is refused, and nothing is written where it points', async () => {
    const root = await tempDir();
    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(root, 'bodies'));
    const err = await send(prepared(`${big.url}/?size=5000`), await context({ maxBodyInMemoryBytes: 1000 }, { tempDir: join(root, 'bodies') })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'write-failed', message: expect.stringContaining('symbolic link') });
    expect(await readdir(elsewhere)).toEqual([]);
    expect((await lstat(join(root, 'bodies'))).isSymbolicLink()).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('a folder of another user is refused (needs root to prepare)', async () => {
    const dir = join(await tempDir(), 'theirs');
    await mkdir(dir, { mode: 0o777 });
    await chown(dir, 4242, 4242);
    const err = await send(prepared(`${big.url}/?size=5000`), await context({ maxBodyInMemoryBytes: 1000 }, { tempDir: dir })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'write-failed', message: expect.stringContaining('another user (uid 4242)') });
    expect(await readdir(dir)).toEqual([]);
  });
});
