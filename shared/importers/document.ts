import { parse as parseYaml } from 'yaml';

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
    try {
      return { text: trimmed, doc: JSON.parse(trimmed), file };
    } catch {
      // Not JSON after all (or broken JSON): YAML is a superset, and it names the line.
    }
  }
  if (/^\s*curl\s/i.test(trimmed)) return { text: trimmed, doc: undefined, file };
  try {
    const doc: unknown = parseYaml(trimmed, { maxAliasCount: 1000 });
    return { text: trimmed, doc: typeof doc === 'object' && doc !== null ? doc : undefined, file };
  } catch {
    return { text: trimmed, doc: undefined, file };
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
