import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { IMPORT_FORMATS, importFile, writeImport, type ImportFormatFlag } from '../../engine/importers';
import { EnvSecretStore, type SecretStore } from '../../engine/secrets';
import { EXIT } from '../io';
import type { RegisterCommand } from './index';

/**
 * The CLI's secret store is read-only, so imported secret values are not kept anywhere: each one
 * is listed with how to provide it, and no file ever holds it in clear text.
 */
class UnkeptSecrets implements SecretStore {
  readonly unkept: string[] = [];
  constructor(private readonly env: EnvSecretStore) {}
  async get(): Promise<string | undefined> { return undefined; }
  async set(environment: string, key: string): Promise<void> { this.unkept.push(`${environment || 'collection'} ${key}: ${this.env.describe(environment, key)}`); }
  async delete(): Promise<void> {}
  describe(environment: string, key: string): string { return this.env.describe(environment, key); }
}

export const registerImport: RegisterCommand = (program, io, setExit) => {
  program
    .command('import')
    .description('Import a Postman, Insomnia, OpenAPI/Swagger, HAR or cURL file as a Keyhole collection')
    .argument('<file>', 'file to import')
    .option('--format <format>', `one of ${IMPORT_FORMATS.join(', ')}`, 'auto')
    .requiredOption('--out <dir>', 'collection folder to create (an environment-only import adds to it)')
    .option('--drop-static', 'HAR: drop images, fonts, stylesheets and scripts')
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, flags: { format: string; out: string; dropStatic?: boolean; json?: boolean }) => {
      if (!(IMPORT_FORMATS as readonly string[]).includes(flags.format)) {
        throw new KeyholeError('usage', `--format ${flags.format} is not one of ${IMPORT_FORMATS.join(', ')}`);
      }
      const result = await importFile(resolve(io.cwd, file), { format: flags.format as ImportFormatFlag, dropStaticAssets: flags.dropStatic });
      const secrets = new UnkeptSecrets(new EnvSecretStore({ env: io.env }));
      const written = await writeImport(result, resolve(io.cwd, flags.out), secrets);
      const r = result.report;
      if (flags.json) {
        io.out(`${JSON.stringify({ report: r, written: written.written, warnings: written.warnings, secretsNotStored: secrets.unkept }, null, 2)}\n`);
      } else {
        io.out(`Imported ${r.format}: ${r.requests} requests, ${r.folders} folders, ${r.environments} environments into ${flags.out}\n`);
        if (r.notCarried.length > 0) {
          io.out(`Not carried over (${r.notCarried.length}):\n`);
          for (const n of r.notCarried) io.out(`  ${n.place}: ${n.message}\n`);
        }
        for (const w of written.warnings) io.err(`warning: ${w}\n`);
        if (secrets.unkept.length > 0) {
          io.err(`Secret values were not stored (the command line keeps no secrets); provide them when running:\n`);
          for (const s of secrets.unkept) io.err(`  ${s}\n`);
        }
      }
      setExit(EXIT.ok);
    });
};
