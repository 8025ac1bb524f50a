import { isDeepStrictEqual } from 'node:util';
import { KeyholeError } from '../../../shared/errors';
import { collectionLevels, type Auth, type Collection, type Environment } from '../../../shared/model';

/** What an export binds the collection's auth profiles with. */
export interface ExportBindings {
  /** The environment that binds profiles and supplies variables. */
  environment?: Environment | undefined;
  /**
   * Without an environment: the bindings every environment shares (same scheme, same field
   * templates), exported with their {{variables}} for the importer's environment to fill in.
   */
  sharedProfiles?: Record<string, Auth> | undefined;
}

/**
 * Chooses the bindings of an export that formats without profiles (Postman, snippets) inline, so
 * that an export never drops auth silently: the environment asked for (names match
 * case-insensitively, as `-e staging` finds "Staging"); else the only environment; else, when every
 * environment binds each profile the collection uses identically, those bindings; else
 * 'environment-needed', naming the environments to choose from (details.environments).
 */
export function exportBindings(collection: Collection, environments: readonly Environment[], requested?: string): ExportBindings {
  if (requested !== undefined) return { environment: environmentNamed(environments, requested, collection.name) };
  if (environments.length === 1) return { environment: environments[0] };
  const used = profilesUsed(collection);
  if (used.size === 0 || environments.length === 0) return {};
  const sharedProfiles: Record<string, Auth> = {};
  const differing: string[] = [];
  for (const profile of used) {
    const first = environments[0]?.profiles[profile];
    if (first && environments.every((e) => Object.hasOwn(e.profiles, profile) && isDeepStrictEqual(e.profiles[profile], first))) sharedProfiles[profile] = first;
    else differing.push(profile);
  }
  if (differing.length === 0) return { sharedProfiles };
  const names = environments.map((e) => e.name);
  throw new KeyholeError('environment-needed', `The environments (${names.join(', ')}) bind auth profile${differing.length > 1 ? 's' : ''} ${differing.map((p) => `"${p}"`).join(', ')} differently; the export carries the auth of one of them`, {
    hint: `Choose one with -e: ${names.join(', ')}.`,
    details: { environments: names, profiles: differing },
  });
}

/** Exact name first, then case-insensitive; 'environment-unknown' listing the known ones. */
export function environmentNamed(environments: readonly Environment[], name: string, collection: string): Environment {
  const lower = name.toLowerCase();
  const found = environments.find((e) => e.name === name) ?? environments.find((e) => e.name.toLowerCase() === lower);
  if (found) return found;
  const known = environments.map((e) => e.name);
  throw new KeyholeError('environment-unknown', `No environment "${name}" in collection "${collection}"`, {
    hint: known.length > 0 ? `Known environments: ${known.join(', ')}.` : 'The collection has no environments.',
    details: { environment: name, known },
  });
}

/** The profile slots the collection, its folders and its requests use. */
function profilesUsed(collection: Collection): Set<string> {
  const out = new Set<string>();
  for (const level of collectionLevels(collection)) if (level.auth.type === 'profile') out.add(level.auth.profile);
  return out;
}
