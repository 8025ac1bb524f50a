import { readFile } from 'node:fs/promises';
import { KeyholeError } from '../../../shared/errors';
import {
  archiveImporter, curlImporter, harImporter, insomniaImporter, itemAt, postmanEnvironmentImporter, postmanImporter, readInput,
  type Importer, type ImportInput, type ImportOptions, type ImportResult,
} from '../../../shared/importers';
import { openApiImporter } from './openapi';


/** What `--format` accepts; `auto` asks each importer in this order. */
export const IMPORT_FORMATS = ['auto', 'postman', 'insomnia', 'openapi', 'har', 'curl', 'keyhole'] as const;
export type ImportFormatFlag = (typeof IMPORT_FORMATS)[number];

const IMPORTERS: readonly Importer[] = [archiveImporter, postmanImporter, postmanEnvironmentImporter, insomniaImporter, openApiImporter, harImporter, curlImporter];

function forFlag(flag: ImportFormatFlag): Importer[] {
  switch (flag) {
    case 'auto': return [...IMPORTERS];
    case 'postman': return [postmanImporter, postmanEnvironmentImporter];
    case 'insomnia': return [insomniaImporter];
    case 'openapi': return [openApiImporter];
    case 'har': return [harImporter];
    case 'curl': return [curlImporter];
    case 'keyhole': return [archiveImporter];
  }
}

/**
 * Converts one document to a collection and environments, in memory: nothing is written here, so
 * a failure anywhere leaves the workspace as it was. With an explicit format the document is
 * parsed as that format even if detection would not pick it (the error then names the path).
 */
export async function importText(text: string, opts: ImportOptions & { format?: ImportFormatFlag | undefined; file?: string | undefined } = {}): Promise<ImportResult> {
  const input: ImportInput = readInput(text, opts.file);
  const flag = opts.format ?? 'auto';
  const candidates = forFlag(flag);
  const hit = candidates.find((i) => i.detect(input)) ?? (flag === 'auto' ? undefined : candidates[0]);
  if (!hit) {
    throw new KeyholeError('import-failed', `${opts.file ?? 'The input'} is not a format Keyhole imports`, {
      hint: 'Keyhole imports Postman collections and environments (v2.0/v2.1), Insomnia exports (v4 JSON, v5 YAML), OpenAPI 3.x / Swagger 2.0, HAR 1.2, cURL command lines and Keyhole archives. Use --format to say which.',
      details: { path: '(document root)' },
    });
  }
  const result = await hit.parse(input, opts);
  for (const note of result.report.notCarried) note.item ??= itemAt(input.doc, note.place);
  return result;
}

export async function importFile(path: string, opts: ImportOptions & { format?: ImportFormatFlag | undefined } = {}): Promise<ImportResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KeyholeError(code === 'ENOENT' ? 'file-not-found' : 'import-failed', `Cannot read ${path}: ${code ?? (e as Error).message}`, { details: { file: path }, cause: e });
  }
  return importText(text, { ...opts, file: path });
}
