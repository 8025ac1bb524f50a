import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { ExportFormat, ImportResultInfo } from '../../../shared/ipc/workspace-payloads';
import type { Collection, Environment } from '../../../shared/model';
// From their modules, not the exporters index, which also loads httpsnippet for code snippets.
import { exportBindings } from '../exporters/bindings';
import { exportInsomnia } from '../exporters/insomnia';
import { exportPostman } from '../exporters/postman';
import { describeMove, importText, writeImport } from '../importers';
import type { SecretStore } from '../secrets/types';
import type { CollectionFolders } from './collections';

/**
 * Import writes a new collection folder under the workspace root (named after the collection), or
 * adds environments to the collection the user has open when the file holds only environments.
 */
export async function importInto(folders: CollectionFolders, secrets: SecretStore, text: string, filename: string | undefined, openCollection: string | undefined): Promise<ImportResultInfo> {
  const result = await importText(text, { file: filename });
  let id: string | undefined;
  let outDir: string;
  if (result.collection) {
    id = await freeFolderName(folders.root, result.collection.name);
    outDir = join(folders.root, id);
  } else {
    if (openCollection === undefined) {
      throw new KeyholeError('usage', `${filename ?? 'The file'} holds only environments`, { hint: 'Open the collection they belong to first, then import them.' });
    }
    id = openCollection;
    outDir = folders.dirOf(openCollection);
  }
  const written = await writeImport(result, outDir, secrets);
  const r = result.report;
  return {
    format: r.format,
    collectionId: id,
    environments: result.environments.map((e) => e.name),
    requests: r.requests,
    folders: r.folders,
    movedSecrets: written.movedSecrets.map(describeMove),
    notCarried: r.notCarried.map((n) => ({ ...(n.item ? { item: n.item } : {}), place: n.place, kind: n.kind, message: n.message })),
    warnings: written.warnings,
  };
}

async function freeFolderName(root: string, name: string): Promise<string> {
  const taken = new Set((await readdir(root).catch(() => [] as string[])).map((n) => n.toLowerCase()));
  const base = name.normalize('NFKD').replace(/[^A-Za-z0-9 _-]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'imported';
  let id = base;
  for (let i = 2; taken.has(id.toLowerCase()); i++) id = `${base}-${i}`;
  return id;
}

export const EXPORT_FORMATS: ExportFormat[] = [
  { id: 'postman', label: 'Postman Collection v2.1', extension: 'postman_collection.json' },
  { id: 'insomnia', label: 'Insomnia (v4 JSON)', extension: 'insomnia.json' },
];

/**
 * Secrets are always blanked in exports from the app (the CLI has --include-secrets). Profile auth
 * is bound as exportBindings decides; its 'environment-needed' error (details.environments) is the
 * export dialog's cue to ask which environment.
 */
export function exportCollection(collection: Collection, format: string, environments: readonly Environment[], environment: string | undefined): { filename: string; text: string } {
  const f = EXPORT_FORMATS.find((x) => x.id === format);
  if (!f) throw new KeyholeError('invalid-input', `Unknown export format "${format}"`, { hint: `Formats: ${EXPORT_FORMATS.map((x) => x.id).join(', ')}.` });
  const options = { ...exportBindings(collection, environments, environment), includeSecrets: false };
  const out = f.id === 'insomnia' ? exportInsomnia(collection, options) : exportPostman(collection, options);
  const slug = collection.name.replace(/[^A-Za-z0-9_-]+/g, '_') || 'collection';
  return { filename: `${slug}.${f.extension}`, text: out.output };
}
