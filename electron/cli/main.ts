import { Command, CommanderError } from 'commander';
import { toKeyholeError } from '../../shared/errors';
import { commands } from './commands';
import { EXIT, exitCodeFor, formatError, processIO, type CliIO } from './io';

/**
 * Builds the `keyhole` program. Each command registers itself and sets the exit status through
 * `setExit`; a KeyholeError that escapes a command is printed (never a stack trace) and mapped
 * to 2 for configuration problems, 1 otherwise.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exit: number = EXIT.ok;
  const program = new Command('keyhole')
    .description('Send HTTP requests, run collections, and find out why a request was refused.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();
  for (const register of commands) register(program, io, (code) => { exit = Math.max(exit, code); });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const ke = toKeyholeError(e);
    io.err(formatError(ke));
    return exitCodeFor(ke);
  }
  return exit;
}
