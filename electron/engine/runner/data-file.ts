import { readFileSync } from 'node:fs';
import { parse, CsvError } from 'csv-parse/sync';
import { KeyholeError } from '../../../shared/errors';
import { Globals } from '../../../shared/model';
import { parsePostmanEnvironment } from '../../../shared/importers/postman/environment';
import { typedText, type ScopedValue } from '../../../shared/variables';

/** One iteration's values: strings, or numbers and JSON values as the file gave them (pm.iterationData keeps the type). */
export type DataRow = Record<string, unknown>;

/**
 * Reads a run's data file as newman does: a JSON array of objects (values keep their JSON type),
 * or CSV with a header row, read by csv-parse with newman's options: quoted fields may hold
 * commas, doubled quotes and line breaks, a bare quote inside an unquoted field is kept, rows may
 * be short or long, whitespace around fields is trimmed, and an unquoted integer or decimal becomes
 * a number. Errors name the file and the row or line.
 */
export function parseDataFile(text: string, file: string): DataRow[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[')) return parseJsonRows(trimmed, file);
  return parseCsv(trimmed, file);
}

function parseJsonRows(text: string, file: string): DataRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new KeyholeError('file-malformed', `${file} is not valid JSON: ${(e as Error).message}`, { details: { file } });
  }
  if (!Array.isArray(data)) throw new KeyholeError('file-malformed', `${file} must hold a JSON array of objects`, { details: { file } });
  return data.map((row: unknown, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new KeyholeError('file-malformed', `${file}: row [${i}] is not an object`, { details: { file, row: i } });
    }
    const out: DataRow = {};
    for (const [k, v] of Object.entries(row)) if (k !== '__proto__') out[k] = v;
    return out;
  });
}

const INTEGER = /^(-|\+)?([1-9]+[0-9]*)$/;

/** newman's cast: an unquoted integer or decimal is a number; anything quoted stays text. */
function cast(value: string, context: { quoting: boolean }): unknown {
  if (context.quoting) return value;
  if (INTEGER.test(value)) return parseInt(value, 10);
  const n = parseFloat(value);
  if (Number(value) - n + 1 >= 0) return n;
  return value;
}

function parseCsv(text: string, file: string): DataRow[] {
  try {
    const rows = parse(text, {
      columns: true, escape: '"', cast, trim: true, relax_quotes: true, relax_column_count: true, bom: true, skip_empty_lines: true,
    }) as DataRow[];
    return rows.map((r) => {
      const out: DataRow = {};
      for (const [k, v] of Object.entries(r)) if (k !== '__proto__') out[k] = v;
      return out;
    });
  } catch (e) {
    const line = e instanceof CsvError ? (e as CsvError & { lines?: number }).lines : undefined;
    throw new KeyholeError('file-malformed', `${file}${line !== undefined ? `, line ${line}` : ''}: ${(e as Error).message}`, { details: { file, line }, cause: e });
  }
}

/** A row as the variable scope {{references}} read (its values' text) and scripts read (their type). */
export function dataScope(row: DataRow): Map<string, ScopedValue> {
  const m = new Map<string, ScopedValue>();
  for (const [k, v] of Object.entries(row)) m.set(k, typeof v === 'string' ? { value: v } : { value: typedText(v), typed: v });
  return m;
}

/**
 * A globals file (newman -g): a Postman globals or environment export. Disabled values stay
 * disabled, secret ones stay secret (masked in every output).
 */
export function readGlobalsFile(file: string): Globals {
  let doc: unknown;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    doc = JSON.parse(text);
  } catch (e) {
    throw new KeyholeError('file-malformed', `Globals file ${file} cannot be read as JSON: ${(e as Error).message}`, { details: { file } });
  }
  const result = parsePostmanEnvironment({ text, doc, file });
  return result.globals ?? Globals.parse({ variables: result.environments[0]?.variables ?? [] });
}
