import type { Command } from 'commander';
import type { CliIO } from '../io';

/** A command adds itself to the program; setExit raises the process's exit status. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

export const commands: RegisterCommand[] = [];
