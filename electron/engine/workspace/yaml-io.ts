import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import { isDocument, isMap, isScalar, LineCounter, parseDocument, stringify, type Document } from 'yaml';
import type { z } from 'zod';
import { KeyholeError } from '../../../shared/errors';

/**
 * One layout for every file Keyhole writes: no line folding (a long URL stays on one line, so a
 * change is a one-line diff), two-space indent, multi-line strings as block scalars.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, indent: 2, blockQuote: 'literal', aliasDuplicateObjects: false });
}

export interface ParsedFile<T> {
  value?: T | undefined;
  /** Top-level keys the schema does not know (a typo like `header:`): dropped by the next save. */
  unknownKeys?: { key: string; line: number }[] | undefined;
  /** The raw mapping as written (for fields outside the schema, like `order`). */
  raw?: unknown;
  problem?: KeyholeError | undefined;
}

/**
 * Parses a YAML file and validates it. A syntax error or a schema error becomes one
 * 'file-malformed' problem naming the file, the line (for schema errors, the line of the offending
 * node, or of its nearest parent when the field is missing) and the field path.
 * `prepare` adjusts the raw value before validation (removing keys that are not part of the model).
 */
export function parseYamlFile<S extends z.ZodType>(
  text: string,
  file: string,
  /** The file's schema, or a choice of one by the raw value (a request file's `kind`). */
  schemaOrChoice: S | ((raw: unknown) => S),
  prepare: (raw: unknown) => unknown = (r) => r,
): ParsedFile<z.output<S>> {
  const choose = (raw: unknown): S => (typeof schemaOrChoice === 'function' ? schemaOrChoice(raw) : schemaOrChoice);
  // The common case, a valid file with no unknown key, needs no line numbers: the fast reading
  // serves it. Anything else is read again below, so problems are reported exactly as before.
  const fast = loadFast(text);
  if (fast) {
    const schema = choose(fast.raw);
    const parsed = schema.safeParse(prepare(fast.raw));
    if (parsed.success && unknownKeyNames(schema, fast.raw).length === 0) return { value: parsed.data, raw: fast.raw, unknownKeys: [] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    return { problem: malformed(file, line, undefined, syntax.message.split('\n')[0] ?? 'invalid YAML') };
  }
  const raw: unknown = doc.toJS();
  const schema = choose(raw);
  const parsed = schema.safeParse(prepare(raw));
  if (parsed.success) return { value: parsed.data, raw, unknownKeys: unknownKeys(doc, lineCounter, schema, raw) };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
  return { raw, problem: malformed(file, lineOf(doc, lineCounter, path), path, issue?.message ?? 'invalid value') };
}

/**
 * A mapping key that YAML resolves to null (`null:`, `~:`, an empty key) or a complex key (`? `):
 * js-yaml names the first "null" where `yaml` names it "", and the second it refuses. Either sends
 * the file to the full reading (a false alarm only costs that).
 */
const ODD_KEY = /(^[ \t]*(-[ \t]+)*|[{,][ \t]*)(~|null|Null|NULL)?[ \t]*:(\s|$)|^[ \t]*(-[ \t]+)*\?(\s|$)/m;

/**
 * The file's value read by js-yaml 4 (its YAML 1.2 core schema): ~60 ms for a 1,000-request folder
 * where `yaml`'s document model takes ~300 ms (both cold, as in a run's start-up, and most of it).
 * It gives `yaml`'s value or nothing: whatever it refuses (tags, duplicate keys, syntax errors), the
 * keys it names otherwise, and a collection reached twice (an alias, which `yaml` expands within
 * its limit) go to the full reading (test/engine/workspace/yaml-fast.test.ts compares the two).
 */
export function loadFast(text: string): { raw: unknown } | undefined {
  if (ODD_KEY.test(text)) return undefined;
  let raw: unknown;
  try {
    raw = load(text, { schema: CORE });
  } catch {
    return undefined;
  }
  // An empty document is undefined here and null in yaml.
  return raw === undefined || reachedTwice(raw, new Set()) ? undefined : { raw };
}

/**
 * `yaml`'s YAML 1.2 core schema, test for test and value for value (its schema/core/*.js): js-yaml's
 * own core schema also reads 0b1, 1_000 and +.5e1 as numbers, and -0 as 0.
 */
const scalar = (tag: string, tests: [RegExp, (s: string) => unknown][]): Type => new Type(`tag:yaml.org,2002:${tag}`, {
  kind: 'scalar',
  resolve: (s) => tests.some(([re]) => re.test(s ?? '')),
  construct: (s) => {
    const hit = tests.find(([re]) => re.test(s ?? ''));
    return hit ? hit[1](s ?? '') : s;
  },
});
const CORE = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', [[/^0o[0-7]+$/, (s) => parseInt(s.slice(2), 8)], [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)], [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.slice(2), 16)]]),
    scalar('float', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat],
    ]),
  ],
});

function reachedTwice(v: unknown, seen: Set<object>): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (seen.has(v)) return true;
  seen.add(v);
  for (const child of Array.isArray(v) ? v : Object.values(v)) if (reachedTwice(child, seen)) return true;
  return false;
}

const LAYOUT_KEYS = new Set(['order']);

/** Top-level keys of the raw value that the schema does not know. */
function unknownKeyNames(schema: z.ZodType, raw: unknown): string[] {
  let s: z.ZodType = schema;
  for (let def = s._zod.def as { type: string; getter?: () => z.ZodType }; def.type === 'lazy' && def.getter; def = s._zod.def as typeof def) s = def.getter();
  const shape = (s._zod.def as { shape?: Record<string, unknown> }).shape;
  if (!shape || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  return Object.keys(raw).filter((k) => !(k in shape) && !LAYOUT_KEYS.has(k));
}

function unknownKeys(doc: Document, lc: LineCounter, schema: z.ZodType, raw: unknown): { key: string; line: number }[] {
  const keyLine = (key: string): number => {
    const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    return range ? lc.linePos(range[0]).line : lineOf(doc, lc, [key]);
  };
  return unknownKeyNames(schema, raw).map((key) => ({ key, line: keyLine(key) }));
}

/** The line of the node at `path`, or of its nearest ancestor that exists (a missing field). */
function lineOf(doc: Document, lc: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range && !isDocument(node)) return lc.linePos(range[0]).line;
  }
  return 1;
}

function malformed(file: string, line: number, path: (string | number)[] | undefined, what: string): KeyholeError {
  const field = path && path.length > 0 ? path.join('.') : undefined;
  return new KeyholeError('file-malformed', `${file}:${line}: ${field ? `field "${field}": ` : ''}${what}`, {
    hint: 'Fix this line (or restore the file from git); the rest of the collection was loaded without it.',
    details: { file, line, ...(field ? { field } : {}) },
  });
}
