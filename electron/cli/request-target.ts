import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyholeError } from '../../shared/errors';
import { findCollectionDir } from './context';
import type { CliIO } from './io';

/**
 * Whether a command's target is a URL or a stored request's name, and the collection folder it
 * sends from (-c, else the one holding the current folder): `keyhole send` and `keyhole graphql
 * schema` read their targets alike.
 */
export function requestTarget(io: CliIO, target: string, flags: { collection?: string | undefined }): { isUrl: boolean; collectionDir: string | undefined } {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || (!flags.collection && !findCollectionDir(io.cwd));
  const collectionDir = flags.collection ? resolve(io.cwd, flags.collection) : findCollectionDir(io.cwd);
  if (flags.collection && !existsSync(resolve(io.cwd, flags.collection))) {
    throw new KeyholeError('file-not-found', `Collection folder ${resolve(io.cwd, flags.collection)} does not exist`);
  }
  return { isUrl, collectionDir };
}
