import type { z } from 'zod';
import { KeyholeError } from '../errors';

/** `['item', 3, 'request', 'url']` → `item[3].request.url`, the way people read JSON paths. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out || '(document root)';
}

type Issue = z.core.$ZodIssue;

/** In a union failure the branch that got furthest names the real problem. */
function deepest(issue: Issue, prefix: readonly PropertyKey[] = []): { path: PropertyKey[]; message: string } {
  const here = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: { path: PropertyKey[]; message: string } | undefined;
    for (const branch of issue.errors) {
      for (const sub of branch) {
        const d = deepest(sub, here);
        if (!best || d.path.length > best.path.length) best = d;
      }
    }
    if (best) return best;
  }
  return { path: here, message: issue.message };
}

/**
 * Validates a foreign document against a zod schema of its format. A failure is an
 * `import-failed` error naming the file, the path inside the document and what was wrong.
 */
export function parseForeign<T>(schema: z.ZodType<T>, doc: unknown, formatLabel: string, file?: string): T {
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const d = first ? deepest(first) : { path: [], message: 'invalid document' };
  const where = formatPath(d.path);
  throw new KeyholeError('import-failed', `${file ?? 'The document'} is not a valid ${formatLabel}: ${where}: ${d.message}`, {
    hint: `Fix ${where} in the source file, or re-export it from the original tool.`,
    details: { path: where, format: formatLabel, ...(file ? { file } : {}), issues: r.error.issues.length },
  });
}

/** Fails an import at a place found while converting (not by schema). */
export function importFailed(place: string, message: string, hint?: string): KeyholeError {
  return new KeyholeError('import-failed', `${place}: ${message}`, { ...(hint ? { hint } : {}), details: { path: place } });
}
