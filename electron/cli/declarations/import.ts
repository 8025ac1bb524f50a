import type { DeclareCommand } from './index';

/**
 * The engine's IMPORT_FORMATS, written out here so the help text does not load every importer
 * (OpenAPI's parser and its JSON-schema validators among them); test/cli keeps the two equal.
 */
export const IMPORT_FORMAT_NAMES = ['auto', 'postman', 'insomnia', 'openapi', 'har', 'curl', 'keyhole'] as const;

export interface ImportFlags { format: string; out: string; dropStatic?: boolean; json?: boolean }

export const declareImport: DeclareCommand = (program, ctx) => {
  program
    .command('import')
    .description('Import a Postman, Insomnia, OpenAPI/Swagger, HAR or cURL file as a Keyhole collection')
    .argument('<file>', 'file to import')
    .option('--format <format>', `one of ${IMPORT_FORMAT_NAMES.join(', ')}`, 'auto')
    .requiredOption('--out <dir>', 'collection folder to create (an environment-only import adds to it)')
    .option('--drop-static', 'HAR: drop images, fonts, stylesheets and scripts')
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, flags: ImportFlags) => {
      const { importCommand } = await import('../commands/import');
      await importCommand(ctx, file, flags);
    });
};
