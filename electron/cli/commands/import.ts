import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { describeMove, IMPORT_FORMATS, importFile, writeImport, type ImportFormatFlag, type ImportNote } from '../../engine/importers';
import { EnvSecretStore, type SecretStore } from '../../engine/secrets';
import { EXIT } from '../io';
import type { CommandContext, ImportFlags } from '../declarations';

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

/**
 * `keyhole import FILE --out DIR`: what was imported, each credential turned into a secret (and
 * the {{reference}} left in its place), everything not carried over and why, and how to provide
 * the secret values the command line could not keep.
 */
export async function importCommand({ io, setExit }: CommandContext, file: string, flags: ImportFlags): Promise<void> {
  if (!(IMPORT_FORMATS as readonly string[]).includes(flags.format)) {
    throw new KeyholeError('usage', `--format ${flags.format} is not one of ${IMPORT_FORMATS.join(', ')}`);
  }
  const result = await importFile(resolve(io.cwd, file), { format: flags.format as ImportFormatFlag, dropStaticAssets: flags.dropStatic });
  const secrets = new UnkeptSecrets(new EnvSecretStore({ env: io.env }));
  const written = await writeImport(result, resolve(io.cwd, flags.out), secrets);
  const r = result.report;
  const moved = written.movedSecrets.map(describeMove);
  if (flags.json) {
    io.out(`${JSON.stringify({ report: r, written: written.written, warnings: written.warnings, movedToSecretStore: moved, secretsNotStored: secrets.unkept }, null, 2)}\n`);
  } else {
    io.out(`Imported ${r.format}: ${r.requests} requests, ${r.folders} folders, ${r.environments} environments into ${flags.out}\n`);
    if (moved.length > 0) {
      io.out(`Kept out of the workspace files as secrets (${moved.length}):\n`);
      for (const m of moved) io.out(`  ${m}\n`);
    }
    if (r.notCarried.length > 0) {
      io.out(`Not carried over (${r.notCarried.length}):\n`);
      for (const n of r.notCarried) io.out(`  ${noteLine(n)}\n`);
    }
    for (const w of written.warnings) io.err(`warning: ${w}\n`);
    if (secrets.unkept.length > 0) {
      io.err(`Secret values were not stored (the command line keeps no secrets); provide them when running:\n`);
      for (const s of secrets.unkept) io.err(`  ${s}\n`);
    }
  }
  setExit(EXIT.ok);
}

/** `Orders / Get user: NTLM auth is not supported... (item[0].item[1].request.auth)`. */
function noteLine(n: ImportNote): string {
  return n.item ? `${n.item}: ${n.message} (${n.place})` : `${n.place}: ${n.message}`;
}
