import type { Command } from 'commander';
import type { CliIO } from '../io';
import { registerDemoServer } from './demo-server';
import { registerExport } from './export';
import { registerImport } from './import';
import { registerExplain } from './explain';
import { registerJwt } from './jwt';
import { registerRun } from './run';
import { registerSend } from './send';

/** A command adds itself to the program; setExit raises the process's exit status. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

export const commands: RegisterCommand[] = [
  registerSend,
  registerRun,
  registerDemoServer,
  registerExplain,
  registerJwt,
  registerImport,
  registerExport,
];
