import type { KeyholeError } from '../../shared/errors';

/**
 * Where a command writes. Commands never touch process.stdout directly, so tests run them
 * in-process and read what they printed.
 */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Colours and progress bars only on a terminal (and never when NO_COLOR is set). */
  color: boolean;
  isTTY: boolean;
  stdin: () => Promise<string>;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  const tty = Boolean(process.stdout.isTTY);
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    color: tty && !process.env.NO_COLOR,
    isTTY: tty,
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Exit statuses every command shares: 0 all passed, 1 something failed, 2 usage or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Configuration problems exit 2, everything else that went wrong exits 1. */
export function exitCodeFor(e: KeyholeError): number {
  const config = ['usage', 'invalid-input', 'file-not-found', 'file-malformed', 'file-not-allowed', 'variable-unresolved', 'variable-cycle',
    'secret-missing', 'environment-unknown', 'environment-needed', 'profile-unbound', 'header-invalid', 'url-invalid', 'auth-config', 'import-failed'];
  return config.includes(e.code) ? EXIT.usage : EXIT.failed;
}

export function formatError(e: KeyholeError): string {
  return `keyhole: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}\n`;
}

const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;
export function paint(io: CliIO, colour: keyof typeof codes, text: string): string {
  return io.color ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text;
}
