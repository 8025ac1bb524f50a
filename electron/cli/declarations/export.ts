import type { DeclareCommand } from './index';

/**
 * The engine's SNIPPET_TARGETS names, written out here so the help text does not load httpsnippet;
 * test/cli keeps the two equal.
 */
export const SNIPPET_LANGUAGE_NAMES = ['curl', 'httpie', 'python', 'fetch', 'go', 'java', 'csharp', 'undici'] as const;

export const EXPORT_FORMATS = ['postman', 'insomnia', 'archive', 'keyhole', 'artillery', 'curl', `code:<${SNIPPET_LANGUAGE_NAMES.join('|')}>`];

export interface ExportFlags { format: string; env?: string; out?: string; includeSecrets?: boolean; request?: string }

/**
 * `keyhole export DIR --format ...`. Secret values are never exported unless --include-secrets
 * (the export then says so); HAR of history/runs comes from the runner's --reporter, which holds
 * the exchanges. Formats without profiles (postman, insomnia, curl, code) carry the auth of the only
 * environment, or the bindings every environment shares, or ask for -e (exit 2).
 */
export const declareExport: DeclareCommand = (program, ctx) => {
  program
    .command('export')
    .description('Export a collection as Postman v2.1, Insomnia (v4 JSON), a Keyhole folder or archive, an Artillery load test, or a code snippet of one request')
    .argument('<collection>', 'collection folder, or a Postman collection, Insomnia export or Keyhole archive file')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(', '))
    .option('-e, --env <name-or-file>', 'environment that binds auth profiles and supplies variables: a name (any case) or a Postman environment file; needed when environments bind profiles differently')
    .option('--out <path>', 'file (or folder, for --format keyhole) to write; standard output otherwise')
    .option('--request <path>', 'for curl and code: the request, by name or Folder/Name')
    .option('--include-secrets', 'export secret values too (with a warning)')
    .action(async (dir: string, flags: ExportFlags) => {
      const { exportCommand } = await import('../commands/export');
      await exportCommand(ctx, dir, flags);
    });
};
