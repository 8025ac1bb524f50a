import type { Variable } from '../../model';
import { Environment, Globals } from '../../model';
import { toVariable } from '../build';
import { isRecord, type ImportInput } from '../document';
import { ReportNotes } from '../report';
import type { Importer, ImportOptions, ImportResult } from '../types';
import { parseForeign } from '../zod-path';
import { PmEnvironment, scalarText } from './schema';

export function isPostmanEnvironment(doc: unknown): boolean {
  return isRecord(doc) && Array.isArray(doc.values) && !('info' in doc) &&
    (typeof doc._postman_variable_scope === 'string' || typeof doc.name === 'string');
}

/**
 * A Postman environment or globals export. Variables typed "secret" stay secret (their values go
 * to the secret store when written, never into workspace files).
 */
export function parsePostmanEnvironment(input: ImportInput, opts: ImportOptions = {}): ImportResult {
  const pm = parseForeign(PmEnvironment, input.doc, 'Postman environment', input.file);
  const notes = new ReportNotes();
  const variables: Variable[] = [];
  pm.values.forEach((v, i) => {
    const made = toVariable({ key: v.key ?? '', value: scalarText(v.value), secret: v.type === 'secret', enabled: v.enabled !== false }, `values[${i}]`, notes);
    if (made) variables.push(made);
  });
  const report = { format: 'postman-environment' as const, requests: 0, folders: 0, notCarried: notes.notes };
  if (pm._postman_variable_scope === 'globals') {
    return { environments: [], globals: Globals.parse({ variables }), report: { ...report, environments: 0 } };
  }
  const env = Environment.parse({ name: opts.name ?? (pm.name?.trim() || 'Imported environment'), variables, profiles: {} });
  return { environments: [env], report: { ...report, environments: 1 } };
}

export const postmanEnvironmentImporter: Importer = {
  format: 'postman-environment',
  detect: (input) => isPostmanEnvironment(input.doc),
  parse: parsePostmanEnvironment,
};
