import { parse as parseYaml } from 'yaml';
import { KeyholeError } from '../errors';

/**
 * Real exports nest a few dozen levels (folders in folders, schemas in schemas); the importers and
 * zod walk documents recursively, so a hostile 10,000-level document would blow the stack. Past
 * this depth the document is refused up front (guarantee 6).
 */
export const MAX_DOCUMENT_DEPTH = 256;

/** The text of a file to import plus its parsed JSON/YAML tree (undefined for cURL and other text). */
export interface ImportInput {
  text: string;
  doc: unknown;
  /** The file name, for error messages. */
  file?: string | undefined;
}

/**
 * Parses once so every detector looks at the same tree. JSON first (fast, and most exports are
 * JSON); YAML for OpenAPI and newer Insomnia; anything else stays text.
 */
export function readInput(text: string, file?: string): ImportInput {
  const trimmed = text.replace(/^\uFEFF/, '');
  const head = trimmed.trimStart()[0];
  if (head === '{' || head === '[') {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      // Not JSON after all (or broken JSON): YAML is a superset, and it names the line.
    }
    if (doc !== undefined) return { text: trimmed, doc: shallowEnough(doc, file), file };
  }
  if (/^\s*curl\s/i.test(trimmed)) return { text: trimmed, doc: undefined, file };
  try {
    const doc: unknown = parseYaml(trimmed, { maxAliasCount: 1000, logLevel: 'error' });
    return { text: trimmed, doc: typeof doc === 'object' && doc !== null ? shallowEnough(doc, file) : undefined, file };
  } catch (e) {
    if (e instanceof KeyholeError) throw e;
    return { text: trimmed, doc: undefined, file };
  }
}

/** Returns the document, or refuses it when it nests deeper than MAX_DOCUMENT_DEPTH (walked without recursion). */
function shallowEnough(doc: unknown, file: string | undefined): unknown {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[doc, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, depth] = top;
    // YAML aliases share objects: each is walked once, so an alias web costs no more than its nodes.
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (depth > MAX_DOCUMENT_DEPTH) {
      throw new KeyholeError('import-failed', `${file ?? 'The input'} nests more than ${MAX_DOCUMENT_DEPTH} levels deep; nothing was imported`, {
        hint: 'Real exports nest a few dozen levels; this document is damaged or built to crash importers.',
        details: { path: '(document root)', limit: MAX_DOCUMENT_DEPTH },
      });
    }
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return doc;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
