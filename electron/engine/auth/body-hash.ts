import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { PreparedBody } from '../http/types';

/** Resolves a body or key file path against the request's (or profile's) base folder. */
export function resolvePath(path: string, baseDir: string | undefined): string {
  return isAbsolute(path) || !baseDir ? path : resolve(baseDir, path);
}

/**
 * Hashes the entity body as it will go on the wire: bytes directly, a file streamed through the
 * hash (never read whole, so a 2 GB upload costs no memory). Multipart bodies are encoded by the
 * transport with a boundary it chooses, so their bytes are not known here: the result is
 * undefined and the scheme decides what to do (e.g. SigV4 falls back to UNSIGNED-PAYLOAD).
 */
export async function hashBody(body: PreparedBody, algorithm: string, baseDir?: string): Promise<Buffer | undefined> {
  const hash = createHash(algorithm);
  switch (body.kind) {
    case 'none':
      return hash.digest();
    case 'bytes':
      return hash.update(body.data).digest();
    case 'multipart':
      return undefined;
    case 'file': {
      const path = resolvePath(body.path, baseDir);
      try {
        for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
      } catch (e) {
        throw new KeyholeError('file-not-found', `Cannot read the body file ${path} to hash it for authentication`, {
          hint: 'Check the path of the binary body.',
          cause: e,
        });
      }
      return hash.digest();
    }
  }
}
