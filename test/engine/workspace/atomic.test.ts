import { spawn } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Request, type Collection, type Item } from '../../../shared/model';
import { loadCollection, saveCollection, saveRequest, writeFileAtomic } from '../../../electron/engine/workspace';
import { diskFullFs, removeDir, tempDir } from './helpers';
import { versionOf } from './kill-versions';
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
    expect((await loadCollection(dir)).collection).toEqual(sampleCollection());
  });
});

/** Each request of the collection, by its path of names (the two "Health" requests by position). */
function requestsOf(c: Collection): Map<string, Item> {
  const out = new Map<string, Item>();
  const visit = (items: Item[], prefix: string): void => {
    for (const [i, item] of items.entries()) {
      if (item.kind === 'folder') visit(item.items, `${prefix}${item.name}/`);
      else out.set(`${prefix}${item.name}#${item.name === 'Health' ? i : 0}`, item);
    }
  };
  visit(c.items, '');
  return out;
}

const ITERATIONS = Number(process.env.KEYHOLE_KILL_ITERATIONS ?? 30);
const bundles: string[] = [];
afterAll(async () => { for (const b of bundles) await rm(b, { force: true }); });

describe('kill -9 in the middle of saves', () => {
  it(`every file is the old or the new version, never torn (${ITERATIONS} kills)`, async () => {
    const a = versionOf('a');
    const b = versionOf('b');
    const ra = requestsOf(a);
    const rb = requestsOf(b);
    await saveCollection(dir, a);
    // Bundled once to plain JS so each child starts in a fraction of a second rather than
    // recompiling TypeScript (esbuild ships with tsx): the test kills many children.
    const script = join(dir, '..', `${dir.split(/[\\/]/).at(-1)}-save-loop.mjs`);
    const { build } = await import('esbuild');
    await build({ entryPoints: [join(import.meta.dirname, 'save-loop.ts')], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'error',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
    bundles.push(script);
    for (let i = 0; i < ITERATIONS; i++) {
      const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`save loop exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 60)));
      child.kill('SIGKILL');
      await exited;

      const loaded = await loadCollection(dir);
      expect(loaded.problems).toEqual([]);
      expect([a.description, b.description]).toContain(loaded.collection.description);
      const got = requestsOf(loaded.collection);
      expect([...got.keys()].sort()).toEqual([...ra.keys()].sort());
      for (const [key, item] of got) {
        const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
        const same = isDeepStrictEqual(plain(item), plain(ra.get(key))) || isDeepStrictEqual(plain(item), plain(rb.get(key)));
        expect(same, `request ${key} after kill ${i + 1}`).toBe(true);
      }
    }
  }, 20_000 + ITERATIONS * 5_000);
});
