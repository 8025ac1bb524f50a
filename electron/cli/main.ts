import { Command, CommanderError } from 'commander';
import { declarations } from './declarations';
import { EXIT, exitCodeFor, formatError, processIO, type CliIO } from './io';

/**
 * Builds the `keyhole` program. Each command declares itself and sets the exit status through
 * `setExit`; a KeyholeError that escapes a command is printed (never a stack trace) and mapped
 * to 2 for configuration problems, 1 otherwise. Only the command that runs is imported (see
 * declarations/index.ts), and shared/errors with it, so `--help` stays a cheap start-up.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exit: number = EXIT.ok;
  const program = new Command('keyhole')
    .description('Send HTTP requests, run collections, and find out why a request was refused.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();
  const ctx = { io, setExit: (code: number) => { exit = Math.max(exit, code); } };
  for (const declare of declarations) declare(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { toKeyholeError } = await import('../../shared/errors');
    const ke = toKeyholeError(e);
    io.err(formatError(ke));
    return exitCodeFor(ke);
  }
  return exit;
}
