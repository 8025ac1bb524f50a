import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import protobuf from 'protobufjs';
import { KeyholeError } from '../../../shared/errors';
import type { FilePolicy } from '../execute/file-policy';

export interface LoadedProtos {
  root: protobuf.Root;
  /** The files read, relative to the base folder (google/protobuf/* well-known types are built in). */
  files: string[];
}

/**
 * Loads `.proto` files as protoc does with -I: `files` and `importPaths` are relative to `baseDir`
 * (the collection folder); an `import "a/b.proto"` is looked up in each import path in order, then
 * beside the importing file. Every file read must be inside the policy's folders (after symbolic
 * links are followed), as an uploaded file must: a cloned collection cannot make Keyhole read
 * ~/.ssh through an import. Field names stay as written in the .proto (keepCase).
 */
export function loadProtoFiles(files: readonly string[], importPaths: readonly string[], baseDir: string, policy: FilePolicy | undefined, requestName: string): LoadedProtos {
  const dirs = importPaths.map((p) => resolve(baseDir, p));
  const read: string[] = [];
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    const found = origin === ''
      ? resolve(baseDir, target)
      : [...dirs.map((d) => join(d, target)), resolve(dirname(origin), target)].find((c) => existsSync(c)) ?? join(dirs[0] ?? dirname(origin), target);
    // Built-in well-known types are never read from disk (protobufjs knows google/protobuf/*).
    if (/(^|\/)google\/protobuf\/[^/]+\.proto$/.test(target) && !existsSync(found)) return found;
    const allowed = confine(found, policy, requestName, target);
    read.push(relative(baseDir, allowed) || allowed);
    return allowed;
  };
  try {
    root.loadSync([...files], { keepCase: true });
    root.resolveAll();
  } catch (e) {
    if (e instanceof KeyholeError) throw e;
    const message = (e as Error).message;
    const missing = /ENOENT[^']*'([^']+)'/.exec(message)?.[1];
    throw new KeyholeError(missing ? 'file-not-found' : 'invalid-input', missing
      ? `gRPC request ${requestName}: proto file ${relative(baseDir, missing) || missing} was not found`
      : `gRPC request ${requestName}: the .proto files cannot be loaded: ${message}`, {
      hint: missing
        ? `Proto files and import paths are relative to the collection folder ${baseDir}; an import is looked up in each import path in order (${importPaths.length > 0 ? importPaths.join(', ') : 'none given'}).`
        : 'Fix the .proto file (protoc reports the same), or load the definitions by server reflection.',
      details: missing ? { path: missing } : {},
      cause: e,
    });
  }
  return { root, files: [...new Set(read)] };
}

function confine(path: string, policy: FilePolicy | undefined, requestName: string, asWritten: string): string {
  if (!policy?.within) return path;
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // Missing: judged by its path; loading names it.
  }
  for (const root of policy.within) {
    let r = resolve(root);
    try {
      r = realpathSync(root);
    } catch {
      // A folder that does not exist holds nothing.
    }
    const rel = relative(r, real);
    if (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return real;
  }
  throw new KeyholeError('file-not-allowed', `gRPC request ${requestName} reads the proto file ${JSON.stringify(asWritten)}${real === path ? '' : ` (it leads to ${real})`}, which is outside ${policy.describe}: not read`, {
    hint: `A collection may read only its own files. If you trust this one with that file, ${policy.allowHow}.`,
    details: { path: asWritten, resolved: real },
  });
}
