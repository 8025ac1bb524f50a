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
};

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
