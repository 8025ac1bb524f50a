import { stringify } from 'yaml';
import { ARCHIVE_VERSION, type KeyholeArchive } from '../../../shared/importers';
import type { Collection, Environment } from '../../../shared/model';
import { newLedger, scrubAuth, scrubVariables, secretWarning } from './secrets';
import type { ExportResult } from './types';

/**
 * One YAML (or JSON) document holding a collection and its environments, which `keyhole import`
 * reads back. Secret values are blanked unless includeSecrets.
 */
export function exportArchive(collection: Collection, environments: readonly Environment[], opts: { includeSecrets?: boolean; json?: boolean; now?: () => Date } = {}): ExportResult {
  const ledger = newLedger();
  const inc = opts.includeSecrets === true;
  const archive: KeyholeArchive = {
    keyholeArchive: ARCHIVE_VERSION,
    exportedAt: (opts.now ?? (() => new Date()))().toISOString(),
    collection: { ...collection, variables: scrubVariables(collection.variables, 'variables', inc, ledger), items: scrubItems(collection.items, 'items', inc, ledger), auth: scrubAuth(collection.auth, 'auth', inc, ledger) },
    environments: environments.map((e) => ({
      ...e,
      variables: scrubVariables(e.variables, `environment ${e.name}`, inc, ledger),
      profiles: Object.fromEntries(Object.entries(e.profiles).map(([k, a]) => [k, scrubAuth(a, `environment ${e.name} profile ${k}`, inc, ledger)])),
    })),
  };
  const output = opts.json ? `${JSON.stringify(archive, null, 2)}\n` : stringify(archive, { lineWidth: 0 });
  return { output, report: { format: 'archive', secretsBlanked: ledger.blanked, warnings: secretWarning(ledger), notCarried: [] } };
}

function scrubItems(items: Collection['items'], place: string, inc: boolean, ledger: ReturnType<typeof newLedger>): Collection['items'] {
  return items.map((it, i) => (it.kind === 'folder'
    ? { ...it, auth: scrubAuth(it.auth, `${place}[${i}].auth`, inc, ledger), items: scrubItems(it.items, `${place}[${i}].items`, inc, ledger) }
    : { ...it, auth: scrubAuth(it.auth, `${place}[${i}].auth`, inc, ledger) }));
}
