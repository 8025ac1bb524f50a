import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';

/** Resolves a body file path against the request's base folder (the collection's, usually). */
export function resolveBodyPath(path: string, baseDir: string | undefined): string {
  return isAbsolute(path) || baseDir === undefined ? resolve(path) : resolve(baseDir, path);
}

/** Size of a file the body streams; a missing or unreadable file is 'file-not-found' naming it. */
export async function bodyFileSize(path: string, field?: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    return s.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    throw new KeyholeError('file-not-found', `Body file ${path}${field === undefined ? '' : ` (field "${field}")`} cannot be read: ${code}`, {
      hint: 'Check the path; relative paths start at the collection folder (or the --working-dir given).',
      details: { path, code },
      cause: e,
    });
  }
}
