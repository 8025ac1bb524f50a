import type { Command } from 'commander';
import type { CliIO } from '../io';
import { declareDemoServer } from './demo-server';
import { declareExplain } from './explain';
import { declareExport } from './export';
import { declareGraphql } from './graphql';
import { declareImport } from './import';
import { declareJwt } from './jwt';
import { declareRun } from './run';
import { declareReport } from './report';
import { declareSend } from './send';

/** What a command's implementation gets: where to write, and how to raise the exit status. */
export interface CommandContext {
  io: CliIO;
  setExit: (code: number) => void;
}

/**
 * A command's name, arguments, options and help, with an action that imports the implementation
 * (electron/cli/commands) only when that command runs: `keyhole --help` or `keyhole jwt` then
 * never load the importers, the sandbox's QuickJS or the HTTP stack they do not use.
 */
export type DeclareCommand = (program: Command, ctx: CommandContext) => void;

export const declarations: DeclareCommand[] = [
  declareSend,
  declareRun,
  declareDemoServer,
  declareExplain,
  declareJwt,
  declareImport,
  declareExport,
  declareReport,
  declareGraphql,
];

export type { SendCommandFlags } from './send';
export type { RunFlags } from './run';
export type { ExplainFlags } from './explain';
export type { JwtFlags } from './jwt';
export type { ImportFlags } from './import';
export type { ExportFlags } from './export';
export type { ReportMergeFlags } from './report';
export type { GraphqlSchemaFlags } from './graphql';
export { REPORTERS } from './run';
export { IMPORT_FORMAT_NAMES } from './import';
export { EXPORT_FORMATS, SNIPPET_LANGUAGE_NAMES } from './export';
