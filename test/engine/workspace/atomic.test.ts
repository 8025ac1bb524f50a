import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Request } from '../../../shared/model';
import { loadCollection, saveCollection, saveRequest, writeFileAtomic } from '../../../electron/engine/workspace';
import { diskFullFs, removeDir, tempDir, withoutIds } from './helpers';
import { runKillLoop } from '../../hardening/kill-loop';
import { sampleCollection } from './sample-collection';

let dir: string;
beforeEach(async () => { dir = await tempDir(); });
afterEach(async () => { await removeDir(dir); });

describe('atomic writes', () => {
  it('a failing write leaves the old file intact, leaves no temp file, and is write-failed naming the file', async () => {
    const file = join(dir, 'a.yaml');
    await writeFile(file, 'old: content\n');
    const err = await writeFileAtomic(file, 'new: content\n', { fs: diskFullFs() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'write-failed', details: { file, errno: 'ENOSPC' } });
    expect((err as Error).message).toContain(file);
    expect(await readFile(file, 'utf8')).toBe('old: content\n');
    expect(await readdir(dir)).toEqual(['a.yaml']);
  });

  it('a failing saveRequest leaves the previous request file as it was', async () => {
    await saveCollection(dir, sampleCollection());
    const file = join(dir, 'users', 'get-user.request.yaml');
    const before = await readFile(file, 'utf8');
    await expect(saveRequest(dir, ['Users', 'Get user'], Request.parse({ name: 'Get user', url: 'http://changed' }), { fs: diskFullFs() }))
      .rejects.toMatchObject({ code: 'write-failed', details: { file } });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(withoutIds((await loadCollection(dir)).collection)).toEqual(sampleCollection());
  });
});

const ITERATIONS = Number(process.env.KEYHOLE_KILL_ITERATIONS ?? 30);

describe('kill -9 in the middle of saves', () => {
  // The loop itself is guarantee 4's (test/hardening/kill-loop.ts); here it also has to show that
  // the kills land inside writes, or "never torn" would only prove that pauses are harmless.
  it(`every file is the old or the new version, never torn (${ITERATIONS} kills)`, async () => {
    const report = await runKillLoop(ITERATIONS);
    expect(report.iterations).toBe(ITERATIONS);
    expect(report.torn).toEqual([]);
    // Every other kill is made while the child stands inside a write (kill-loop.ts).
    expect(report.midWrite).toBeGreaterThanOrEqual(Math.ceil(ITERATIONS / 2));
  }, 20_000 + ITERATIONS * 5_000);
});
