import { readFileSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';

/** An open file being written; node's FileHandle satisfies it. */
export interface FileSink {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface DirEntry {
  name: string;
  isDirectory(): boolean;
  isFile(): boolean;
}

/**
 * The file operations the workspace and secret stores use. Passed in (default: node:fs) so tests
 * can make a write fail the way a full disk does, without mocking the store itself.
 */
export interface FsLayer {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<DirEntry[]>;
  mkdir(path: string, mode?: number): Promise<void>;
  open(path: string, flags: 'w' | 'r', mode?: number): Promise<FileSink>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  /** Modification time and size; optional so that layers written before it still fit. */
  stat?(path: string): Promise<{ mtimeMs: number; size: number }>;
}

export const nodeFs: FsLayer = {
  readFile: (p) => fsp.readFile(p, 'utf8'),
  readdir: (p) => fsp.readdir(p, { withFileTypes: true }),
  mkdir: async (p, mode) => {
    await fsp.mkdir(p, { recursive: true, ...(mode === undefined ? {} : { mode }) });
  },
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  rmdir: (p) => fsp.rmdir(p),
  stat: (p) => fsp.stat(p),
};

export interface SettleOptions {
  /** A file modified less than this long ago may still be being written: wait and read it again. */
  settleMs: number;
  /** Give up waiting after this many re-reads (a file rewritten forever); the last read is used. */
  maxRereads?: number | undefined;
  /** The clock that dates modifications (Date.now) and the wait between reads (a timer). */
  clock?: SettleClock | undefined;
}

export interface SettleClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: SettleClock = { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/**
 * A layer whose reads wait for a file to settle: when the file was modified within `settleMs`, it
 * is read again after `settleMs` until two reads agree. An editor or `git checkout` that writes a
 * file in chunks is then read after its last chunk, not halfway (guarantee 4). A writer that pauses
 * longer than `settleMs` between chunks can still be read in between; the loader then reports the
 * file as malformed or loads a valid prefix, and the save path's version check catches the change.
 */
export function settledFs(fs: FsLayer, opts: SettleOptions): FsLayer {
  const clock = opts.clock ?? realClock;
  const maxRereads = opts.maxRereads ?? 20;
  const stat = fs.stat?.bind(fs);
  if (stat === undefined || opts.settleMs <= 0) return fs;
  // Node's own file system is read synchronously here: a collection folder is a read and a stat
  // per file, and 2,000 of them through libuv's thread pool, each a hand-off and a wake-up, took
  // longer than the reads (most of a 1,000-request folder's load on a loaded 2-core machine).
  const now = fs === nodeFs;
  return {
    ...fs,
    async readFile(path) {
      let text = now ? readFileSync(path, 'utf8') : await fs.readFile(path);
      for (let i = 0; i < maxRereads; i++) {
        const s = now ? statSync(path, { throwIfNoEntry: false }) : await stat(path).catch(() => undefined);
        // An empty file may be one an editor has just truncated: Linux can show the new size with
        // the old mtime for an instant (ext4 sets the times after the size), so it is always read
        // again after the settle time. No saved Keyhole file is empty, so this costs nothing else.
        if (s === undefined || (clock.now() - s.mtimeMs >= opts.settleMs && text !== '')) break;
        await clock.sleep(opts.settleMs);
        const again = await fs.readFile(path);
        const after = await stat(path).catch(() => undefined);
        const unchanged = again === text && after !== undefined && after.mtimeMs === s.mtimeMs && after.size === s.size;
        text = again;
        if (unchanged) break;
      }
      return text;
    },
  };
}

export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** Reads a file, or undefined when it does not exist (any other error is thrown). */
export async function readIfExists(fs: FsLayer, path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Lists a folder, or [] when it does not exist. */
export async function readdirIfExists(fs: FsLayer, path: string): Promise<DirEntry[]> {
  try {
    return await fs.readdir(path);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return [];
    throw e;
  }
}
