import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { Environment } from '../../../shared/model';
import { environmentNamed, exportArchive, exportArtillery, exportBindings, exportInsomnia, exportPostman, snippetFor, SNIPPET_TARGETS, type ExportResult, type SnippetLang } from '../../engine/exporters';
import { findRequest } from '../../engine/execute/prepare';
import { listEnvironments, loadEnvironment, resolveEnvironmentSecrets, saveCollection, saveEnvironment } from '../../engine/workspace';
import { EnvSecretStore } from '../../engine/secrets';
import { chooseEnvironment, loadRunSource } from '../run-source';
import { EXPORT_FORMATS, type CommandContext, type ExportFlags } from '../declarations';

/** `keyhole export`: see declarations/export.ts for what is and is not exported. */
export async function exportCommand({ io }: CommandContext, dir: string, flags: ExportFlags): Promise<void> {
  const root = resolve(io.cwd, dir);
  const includeSecrets = flags.includeSecrets === true;
  // Secret values live in the secret store, not the files: asked for, they are read from it
  // (KEYHOLE_SECRET_<ENV>_<KEY> or KEYHOLE_SECRET_<KEY>), as `keyhole run` does.
  const store = new EnvSecretStore({ env: io.env });
  const source = await loadRunSource(io.cwd, dir);
  for (const w of source.warnings) io.err(`warning: ${w}\n`);
  const collection = source.collection;
  let environments: Environment[] = source.environments;
  const f = flags.format;
  let environment: Environment | undefined;
  let sharedProfiles: Environment['profiles'] | undefined;
  if (source.collectionDir) {
    environments = [];
    for (const name of await listEnvironments(root)) {
      const loaded = await loadEnvironment(root, name);
      environments.push(includeSecrets ? (await resolveEnvironmentSecrets(loaded, store)).environment : loaded.environment);
    }
    // Formats without profiles inline their bindings: the environment they come from is decided
    // here, before anything is written, so that no export leaves auth out unsaid.
    const inlinesProfiles = f === 'postman' || f === 'insomnia' || f === 'curl' || f === 'artillery' || f.startsWith('code:');
    ({ environment, sharedProfiles } = inlinesProfiles ? exportBindings(collection, environments, flags.env)
      : { environment: flags.env === undefined ? undefined : environmentNamed(environments, flags.env, collection.name), sharedProfiles: undefined });
  } else {
    // A file: -e names one of its environments or is a Postman environment file, as for keyhole run.
    const chosen = await chooseEnvironment(io.cwd, source, flags.env);
    environment = typeof chosen === 'object' ? chosen : undefined;
  }
  let result: ExportResult;
  if (f === 'postman') result = exportPostman(collection, { environment, sharedProfiles, includeSecrets });
  else if (f === 'insomnia') result = exportInsomnia(collection, { environment, sharedProfiles, includeSecrets });
  else if (f === 'artillery') result = exportArtillery(collection, { environment, includeSecrets });
  else if (f === 'archive') result = exportArchive(collection, environments, { includeSecrets, json: flags.out?.endsWith('.json') === true });
  else if (f === 'keyhole') {
    if (!flags.out) throw new KeyholeError('usage', '--format keyhole needs --out DIR');
    const out = resolve(io.cwd, flags.out);
    const secrets = store;
    const saved = await saveCollection(out, { ...collection, variables: collection.variables.map((v) => (v.secret ? { ...v, value: '' } : v)) }, {});
    for (const e of environments) await saveEnvironment(out, { ...e, variables: e.variables.map((v) => (v.secret ? { ...v, value: '' } : v)) }, secrets).catch((err: unknown) => { io.err(`warning: ${(err as Error).message}\n`); });
    io.err(`Wrote ${saved.written.length} files to ${out}\n`);
    return;
  } else if (f === 'curl' || f.startsWith('code:')) {
    const lang = (f === 'curl' ? 'curl' : f.slice(5)) as SnippetLang;
    if (!(lang in SNIPPET_TARGETS)) throw new KeyholeError('usage', `Unknown snippet language "${lang}"`, { hint: `One of ${Object.keys(SNIPPET_TARGETS).join(', ')}.` });
    if (!flags.request) throw new KeyholeError('usage', `--format ${f} needs --request NAME`);
    const { request, folders } = findRequest(collection, flags.request);
    const binder = environment ?? (sharedProfiles ? { name: 'every environment', variables: [], profiles: sharedProfiles } : undefined);
    result = snippetFor({ collection, environment, binder, request, folders, lang, includeSecrets });
  } else throw new KeyholeError('usage', `--format ${f} is not one of ${EXPORT_FORMATS.join(', ')}`);
  if (flags.out) {
    const path = resolve(io.cwd, flags.out);
    await writeFile(path, result.output);
    io.err(`Exported to ${path}\n`);
  } else io.out(result.output);
  for (const w of result.report.warnings) io.err(`warning: ${w}\n`);
  if (result.report.secretsBlanked.length > 0) io.err(`Secret values left empty (use --include-secrets to export them): ${result.report.secretsBlanked.join(', ')}\n`);
  for (const n of result.report.notCarried) io.err(`not carried: ${n.place}: ${n.message}\n`);
}
