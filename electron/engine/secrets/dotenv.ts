import { KeyholeError } from '../../../shared/errors';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/s;

/**
 * Parses a dotenv file: `KEY=VALUE` lines, `#` comments, an optional `export ` prefix, values
 * unquoted (trailing ` # comment` removed), 'single-quoted' (literal) or "double-quoted" (\n, \t,
 * \", \\ escapes; may span lines, for PEM keys). A line that is none of these is an error naming
 * the file and line: a typo must not silently drop a secret. Values never appear in errors.
 */
export function parseDotenv(text: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const start = i + 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = LINE.exec(line);
    if (!m) throw bad(file, start, 'expected KEY=VALUE');
    const key = m[1] as string;
    let rest = (m[2] ?? '').trimEnd();
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // Gather lines until the closing quote (a quote not escaped, for double quotes).
      let body = rest.slice(1);
      let end = closing(body, quote);
      while (end < 0 && i + 1 < lines.length) {
        i++;
        body += `\n${lines[i] ?? ''}`;
        end = closing(body, quote);
      }
      if (end < 0) throw bad(file, start, `the ${quote === '"' ? 'double' : 'single'} quote of ${key} is never closed`);
      const after = body.slice(end + 1).trim();
      if (after !== '' && !after.startsWith('#')) throw bad(file, i + 1, `unexpected text after the closing quote of ${key}`);
      const raw = body.slice(0, end);
      out.set(key, quote === "'" ? raw : unescape(raw));
      continue;
    }
    const hash = rest.search(/\s#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    out.set(key, rest.trim());
  }
  return out;
}

function closing(body: string, quote: string): number {
  for (let j = 0; j < body.length; j++) {
    if (quote === '"' && body[j] === '\\') { j++; continue; }
    if (body[j] === quote) return j;
  }
  return -1;
}

function unescape(s: string): string {
  return s.replace(/\\([nrt"\\$])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c as 'n' | 'r' | 't'] ?? c);
}

function bad(file: string, line: number, what: string): KeyholeError {
  return new KeyholeError('file-malformed', `${file}:${line}: ${what}`, {
    hint: 'Each line is KEY=VALUE (optionally "export KEY=VALUE"), a # comment, or blank; quote values with spaces or #.',
    details: { file, line },
  });
}
