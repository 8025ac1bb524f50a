import type { DeclareCommand } from './index';

export interface ExplainFlags { json?: boolean; key?: string }

/**
 * `keyhole explain FILE.har|-`: why each 401/403/407 in a HAR was refused. Exit 0 when the file was
 * read and explained (refusals are the subject, not a failure), 2 when the file or key is unusable.
 */
export const declareExplain: DeclareCommand = (program, ctx) => {
  program
    .command('explain')
    .description('Explain every 401, 403 and 407 in a HAR file: diagnosis, confidence, evidence and fixes')
    .argument('<file>', 'a HAR 1.2 file, or - for standard input')
    .option('--json', 'print the report as JSON (spec/explain-401.md)')
    .option('--key <file>', 'verify JWTs with this key: a JWK, a JWKS, a PEM public key or certificate, or a file holding a shared secret')
    .action(async (file: string, flags: ExplainFlags) => {
      const { explainCommand } = await import('../commands/explain');
      await explainCommand(ctx, file, flags);
    });
};
