import { existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KeyholeError } from '../../shared/errors';
import { openSession, type Session, type SessionOptions } from '../engine/session';
import { EnvSecretStore } from '../engine/secrets';
import { defaultStateDir } from '../engine/workspace';
import type { CliIO } from './io';

/** `--var name=value` (repeatable): runtime variables, the most specific scope, as newman's --env-var. */
export function parseVars(list: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of list ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new KeyholeError('usage', `--var expects name=value, got "${item}"`);
    out.set(item.slice(0, i), item.slice(i + 1));
  }
  return out;
}

export interface CollectionFlags {
  var?: string[] | undefined;
  collection?: string | undefined;
  env?: string | undefined;
  secrets?: string | undefined;
  cookies?: boolean | undefined;
}

/** The nearest folder at or above `start` that holds a collection.yaml. */
export function findCollectionDir(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'collection.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Per-collection state (cookie jars) lives outside the git folder; ad-hoc requests keep none. */
function stateDirFor(collectionDir: string | undefined, env: Record<string, string | undefined>): string | undefined {
  return collectionDir ? defaultStateDir(collectionDir, env, env.HOME || homedir()) : undefined;
}

/** Opens a session the way every CLI command does: secrets from the environment and --secrets. */
export async function openCliSession(io: CliIO, flags: CollectionFlags, collectionDir: string | undefined, extra: Pick<SessionOptions, 'strictVariables' | 'globals'> = {}): Promise<Session> {
  if (flags.env !== undefined && !collectionDir) {
    throw new KeyholeError('usage', `-e ${flags.env} needs a collection folder`, { hint: 'Pass -c DIR, or run the command inside a collection folder.' });
  }
  const secrets = await EnvSecretStore.open({ env: io.env, file: flags.secrets ? resolve(io.cwd, flags.secrets) : undefined });
  const session = await openSession({
    collectionDir,
    environment: flags.env,
    secrets,
    stateDir: flags.cookies === false ? undefined : stateDirFor(collectionDir, io.env),
    tempDir: join(tmpdir(), 'keyhole-bodies'),
    env: io.env,
    prompt: (m) => io.err(`${m}\n`),
    openBrowser: async (url) => io.err(`Open this URL in your browser to continue:\n  ${url}\n`),
    ...extra,
  });
  for (const p of session.problems) io.err(`warning: ${p.message}\n`);
  return session;
}
