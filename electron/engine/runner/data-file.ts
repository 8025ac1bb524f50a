import { KeyholeError } from '../../../shared/errors';

export type DataRow = Record<string, string>;

/**
 * Reads a run's data file: a JSON array of objects, or CSV with a header row (RFC 4180: quoted
 * fields may hold commas, quotes as "" and line breaks). Values become strings, as Postman does.
 * Errors name the file and the row or line.
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
    for (const [k, v] of Object.entries(row)) {
      if (k === '__proto__') continue;
      out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    return out;
  });
}

function parseCsv(text: string, file: string): DataRow[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
      continue;
    }
    if (c === '"' && field === '') { quoted = true; quoteLine = line; }
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); records.push(record); record = []; field = ''; line++;
    } else field += c;
  }
  if (quoted) throw new KeyholeError('file-malformed', `${file}: a quoted field opened on line ${quoteLine} is never closed`, { details: { file, line: quoteLine } });
  record.push(field);
  records.push(record);
  const [header, ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) return [];
  return rows.map((r, i) => {
    if (r.length !== header.length) {
      throw new KeyholeError('file-malformed', `${file}: data row ${i + 1} has ${r.length} fields, the header has ${header.length}`, { details: { file, row: i + 1 } });
    }
    const out: DataRow = {};
    header.forEach((h, j) => { if (h !== '__proto__') out[h] = r[j] ?? ''; });
    return out;
  });
}
