import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { MultipartField } from '../../../shared/model';
import type { PreparedBody } from '../http/types';

/**
 * Where the files a request uploads (a binary body, multipart file parts) may come from. A
 * collection is often someone else's (a cloned repository, a CI checkout): left unchecked, its
 * request could upload ~/.ssh/id_rsa. By default a file must be inside the collection folder, after
 * symbolic links are followed; the user widens that on the command line (--working-dir,
 * --allow-files-outside) or with the collection's setting in the app, never from the collection's
 * own files.
 */
export interface FilePolicy {
  /** Relative paths resolve against this folder: the collection's, or --working-dir. */
  dir: string;
  /** Folders a file's real path must be inside; absent, any file may be read (the user allowed it). */
  within?: readonly string[] | undefined;
  /** How the refusal names `dir`, and how to allow more. */
  describe: string;
  allowHow: string;
}

export interface FileAccessOptions {
  /** Files come from this folder instead of the collection's (`--working-dir`). */
  workingDir?: string | undefined;
  /** Any file may be read (`--allow-files-outside`, or the collection's setting granted in the app). */
  allowOutside?: boolean | undefined;
  /** Further folders files may come from (the app's own folder of files the user picked to upload). */
  alsoWithin?: readonly string[] | undefined;
  /** How the user widens the policy where this session runs (the CLI's flags, the app's setting). */
  allowHow?: string | undefined;
}

export const CLI_ALLOW_HOW = 'pass --working-dir DIR (a folder that holds it) or --allow-files-outside to keyhole run or send';
export const APP_ALLOW_HOW = 'allow files outside the collection folder in the request settings (a setting of this collection, kept outside its files)';

/** The policy of a session: none without a collection folder (an ad-hoc request names its own files). */
export function filePolicy(collectionDir: string | undefined, o: FileAccessOptions = {}): FilePolicy | undefined {
  const dir = o.workingDir ?? collectionDir;
  if (dir === undefined) return undefined;
  return {
    dir,
    within: o.allowOutside ? undefined : [dir, ...(o.alsoWithin ?? [])],
    describe: o.workingDir === undefined ? `the collection folder ${dir}` : `the working directory ${dir}`,
    allowHow: o.allowHow ?? CLI_ALLOW_HOW,
  };
}

/**
 * The body with each file it uploads resolved to its real path, refused with `file-not-allowed`
 * (naming the file, the field and how to allow it) when that path is outside the policy's folders.
 * Sending then reads the real path, so a link swapped after the check changes nothing.
 */
export async function confineBodyFiles(body: PreparedBody, policy: FilePolicy, requestName: string): Promise<PreparedBody> {
  if (body.kind === 'file') return { ...body, path: await allowedPath(body.path, policy, requestName) };
  if (body.kind !== 'multipart') return body;
  const fields: MultipartField[] = [];
  for (const f of body.fields) {
    fields.push(f.kind === 'file' && f.enabled ? { ...f, path: await allowedPath(f.path, policy, requestName, { field: f.name }) } : f);
  }
  return { ...body, fields };
}

/** The real path of a file a request reads, or `file-not-allowed` when it is outside the policy's folders. */
export async function allowedPath(path: string, policy: FilePolicy, requestName: string, o: { field?: string; verb?: string } = {}): Promise<string> {
  const field = o.field;
  const full = resolve(policy.dir, path);
  // A file that does not exist is judged by its path, and if allowed left to the transport, which
  // names it as missing.
  const real = await realpath(full).catch(() => undefined);
  if (policy.within === undefined) return real ?? full;
  const target = real ?? full;
  for (const root of policy.within) {
    const r = await realpath(root).catch(() => resolve(root));
    const rel = relative(real === undefined ? resolve(root) : r, target);
    if (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return target;
  }
  const how = target === full ? '' : ` (it leads to ${target})`;
  throw new KeyholeError('file-not-allowed', `Request ${requestName} ${o.verb ?? 'uploads'} ${JSON.stringify(path)}${field === undefined ? '' : ` (field "${field}")`}${how}, which is outside ${policy.describe}: not read`, {
    hint: `A collection may ${o.verb === undefined ? 'upload' : 'read'} only its own files. If you trust this one with that file, ${policy.allowHow}.`,
    details: { path, resolved: target, ...(field === undefined ? {} : { field }) },
  });
}
