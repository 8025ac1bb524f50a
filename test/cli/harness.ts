import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../electron/cli/main';
import type { CliIO } from '../../electron/cli/io';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `keyhole ...` in-process with captured output; state goes to a fresh temp folder. */
export async function keyhole(args: string[], opts: { cwd?: string; env?: Record<string, string>; stdin?: string } = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const state = mkdtempSync(join(tmpdir(), 'keyhole-state-'));
  const io: CliIO = {
    out: (t) => { out += t; },
    err: (t) => { err += t; },
    color: false,
    isTTY: false,
    stdin: async () => opts.stdin ?? '',
    env: { PATH: process.env.PATH, HOME: state, XDG_STATE_HOME: state, ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await main(args, io);
  return { code, out, err };
}

export const EXAMPLE = join(process.cwd(), 'examples', 'demo-workspace');
export const EXAMPLE_SECRETS = join(EXAMPLE, 'demo-secrets.env');
export const DEMO_SECRET_VALUES = ['demo-password', 'demo-client-secret', 'demo-api-key-0123456789'];
