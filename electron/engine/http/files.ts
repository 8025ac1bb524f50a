import { realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { PreparedBody } from './types';

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

/**
 * Refuses a body file (binary body or multipart file field) that resolves, symbolic links followed,
 * outside `workingDir`: newman's --no-insecure-file-read.
 */
export function assertBodyFilesInside(body: PreparedBody, workingDir: string, requestName: string): void {
  const paths = body.kind === 'file' ? [body.path] : body.kind === 'multipart' ? body.fields.flatMap((f) => (f.kind === 'file' && f.enabled !== false ? [f.path] : [])) : [];
  if (paths.length === 0) return;
  const real = (p: string): string => { try { return realpathSync(p); } catch { return p; } };
  const root = real(resolve(workingDir));
  for (const p of paths) {
    const full = real(resolveBodyPath(p, workingDir));
    const rel = relative(root, full);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new KeyholeError('invalid-input', `Request ${requestName} would upload ${full}, outside the working folder ${root}`, {
        hint: 'Move the file into the working folder, point --working-dir at a folder that holds it, or drop --no-insecure-file-read.',
        details: { path: full, workingDir: root },
      });
    }
  }
}
