import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { nodeFs, type FsLayer } from '../../../electron/engine/workspace';

export async function tempDir(prefix = 'keyhole-ws-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every file under dir (relative path → content), for diffs and greps. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(relative(dir, p), await readFile(p, 'utf8'));
    }
  };
  await walk(dir);
  return out;
}

/** Lines that differ between two versions of a file, position by position (files of equal length). */
export function changedLines(a: string, b: string): { line: number; before: string | undefined; after: string | undefined }[] {
  const la = a.split('\n');
  const lb = b.split('\n');
  const out = [];
  for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) out.push({ line: i + 1, before: la[i], after: lb[i] });
  return out;
}

/** A real file system whose writes fail like a full disk (ENOSPC) after `okBytes` bytes. */
export function diskFullFs(okBytes = 10): FsLayer {
  return {
    ...nodeFs,
    open: async (path, flags, mode) => {
      const h = await nodeFs.open(path, flags, mode);
      if (flags !== 'w') return h;
      return {
        writeFile: async (data) => {
          await h.writeFile(typeof data === 'string' ? data.slice(0, okBytes) : data.subarray(0, okBytes));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        sync: () => h.sync(),
        close: () => h.close(),
      };
    },
  };
}

/**
 * A loaded collection without the ids loading gives every item, for comparing it with the model
 * it was saved from (which had none).
 */
export function withoutIds<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'id' && typeof v === 'string' ? undefined : v))) as T;
}
