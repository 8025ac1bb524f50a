import { basename, join, relative, sep } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { Environment } from '../../../shared/model';
import type { SecretStore } from '../secrets/types';
import { TEMP_SUFFIX } from './atomic-write';
import { writeIfChanged, type SaveReport } from './collection-save';
import { conflictError, versionOf } from './file-versions';
import { prepareEnvironment, splitEnvironment, type StoredSecret } from './environment-file';
import { nodeFs, readdirIfExists, readIfExists, type FsLayer } from './fs-layer';
import { ENVIRONMENT_SUFFIX, ENVIRONMENTS_DIR, nameIn } from './layout';
import { slugify, uniqueName } from './slug';
import { parseYamlFile } from './yaml-io';

export interface LoadedEnvironment {
  /** Secret values are empty here: resolveEnvironmentSecrets fills them from a SecretStore. */
  environment: Environment;
  file: string;
  /** The secrets this file leaves to the store. */
  stored: StoredSecret[];
  /**
   * sha256 of the file's text as parsed: give it back to saveEnvironment as `expected` so a save
   * does not silently overwrite an edit made on disk since (an editor, `git pull`).
   */
  version: string;
}

interface EnvFile {
  file: string;
  entry: string;
  name: string | undefined;
  text: string | undefined;
}

async function envFiles(fs: FsLayer, dir: string): Promise<EnvFile[]> {
  const envDir = join(dir, ENVIRONMENTS_DIR);
  const entries = (await readdirIfExists(fs, envDir))
    .filter((e) => e.isFile() && e.name.endsWith(ENVIRONMENT_SUFFIX) && !e.name.startsWith('.') && !e.name.endsWith(TEMP_SUFFIX))
    .map((e) => e.name).sort();
  return Promise.all(entries.map(async (entry) => {
    const file = join(envDir, entry);
    const text = await readIfExists(fs, file);
    return { file, entry, text, name: nameIn(text) };
  }));
}

/** The environments' names, sorted (a file whose name cannot be read is listed by its file name). */
export async function listEnvironments(dir: string, opts: { fs?: FsLayer | undefined } = {}): Promise<string[]> {
  const files = await envFiles(opts.fs ?? nodeFs, dir);
  return files.map((f) => f.name ?? basename(f.entry, ENVIRONMENT_SUFFIX)).sort((a, b) => a.localeCompare(b));
}

/**
 * Loads an environment by name (exact, then case-insensitive, then by file name, so `-e staging`
 * finds "Staging"). Throws 'environment-unknown' listing the known ones, or 'file-malformed'.
 */
export async function loadEnvironment(dir: string, name: string, opts: { fs?: FsLayer | undefined } = {}): Promise<LoadedEnvironment> {
  const files = await envFiles(opts.fs ?? nodeFs, dir);
  const lower = name.toLowerCase();
  const found = files.find((f) => f.name === name)
    ?? files.find((f) => f.name?.toLowerCase() === lower)
    ?? files.find((f) => basename(f.entry, ENVIRONMENT_SUFFIX).toLowerCase() === lower);
  if (!found || found.text === undefined) {
    const known = files.map((f) => f.name ?? basename(f.entry, ENVIRONMENT_SUFFIX));
    throw new KeyholeError('environment-unknown', `Environment "${name}" is not defined in ${join(dir, ENVIRONMENTS_DIR)}`, {
      hint: known.length > 0 ? `Known environments: ${known.join(', ')}.` : `This collection has no environments yet: create ${join(ENVIRONMENTS_DIR, `${slugify(name)}${ENVIRONMENT_SUFFIX}`)}.`,
      details: { environment: name, known },
    });
  }
  const stored: StoredSecret[] = [];
  const parsed = parseYamlFile(found.text, found.file, Environment, (raw) => prepareEnvironment(raw, stored));
  if (parsed.problem || !parsed.value) throw parsed.problem ?? new KeyholeError('file-malformed', `${found.file}: not an environment`);
  return { environment: parsed.value, file: found.file, stored, version: versionOf(found.text) };
}

export interface SaveEnvironmentResult {
  file: string;
  written: boolean;
  /** Store keys whose values were handed to the secret store. */
  storedSecrets: string[];
  /** The file's version after this save, for the next save's `expected`. */
  version: string;
}

export interface SaveEnvironmentOptions {
  fs?: FsLayer | undefined;
  /**
   * The `version` loadEnvironment returned, or null for an environment that had no file when the
   * app created it. When given, the save refuses with 'conflict' (unless `force`) if the file on
   * disk is no longer that version, before anything is written or handed to the secret store.
   */
  expected?: string | null | undefined;
  force?: boolean | undefined;
}

/**
 * Writes an environment file with no secret in it; secret values go to `secrets` first, so a store
 * that refuses (the CLI's is read-only) fails the save before the file changes. An empty secret
 * value is left alone in the store (the caller may not have loaded it), never deleted.
 */
export async function saveEnvironment(dir: string, env: Environment, secrets: SecretStore, opts: SaveEnvironmentOptions = {}): Promise<SaveEnvironmentResult> {
  const fs = opts.fs ?? nodeFs;
  const checked = Environment.safeParse(env);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new KeyholeError('invalid-input', `Environment "${env.name}" cannot be saved: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const { text, secrets: values } = splitEnvironment(checked.data);
  const files = await envFiles(fs, dir);
  const existing = files.find((f) => f.name === checked.data.name);
  if (opts.expected !== undefined && !opts.force) {
    const now = existing?.text === undefined ? null : versionOf(existing.text);
    if (now !== opts.expected) {
      const shown = existing ? relative(dir, existing.file).split(sep).join('/') : `${ENVIRONMENTS_DIR}/ (environment "${checked.data.name}")`;
      throw conflictError(dir, [shown], `environment "${checked.data.name}"`);
    }
  }
  for (const [key, value] of values) await secrets.set(checked.data.name, key, value);
  const taken = new Set(files.map((f) => f.entry.toLowerCase()));
  const file = existing?.file ?? join(dir, ENVIRONMENTS_DIR, uniqueName(slugify(checked.data.name), ENVIRONMENT_SUFFIX, taken));
  const report: Pick<SaveReport, 'written'> = { written: [] };
  await writeIfChanged(fs, file, text, report, existing?.text);
  return { file, written: report.written.length > 0, storedSecrets: [...values.keys()], version: versionOf(text) };
}
