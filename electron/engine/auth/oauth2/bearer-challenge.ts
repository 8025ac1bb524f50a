import type { HeaderList } from '../../../../shared/model';

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
// One lexical item of RFC 9110 §11.6.1: `name=value` (quoted or token), a bare token (scheme or
// token68), or the comma between items.
const ITEM = new RegExp(`\\s*(?:(${TOKEN})\\s*=\\s*("(?:[^"\\\\]|\\\\.)*"|${TOKEN})|(${TOKEN}=*)|(,))`, 'y');

/** Splits a WWW-Authenticate value into its challenges; unparseable tails are ignored. */
export function parseChallenges(value: string): Challenge[] {
  const out: Challenge[] = [];
  let current: Challenge | undefined;
  ITEM.lastIndex = 0;
  for (;;) {
    const start = ITEM.lastIndex;
    const m = ITEM.exec(value);
    if (!m) break;
    const [, name, rawValue, bare] = m;
    if (name !== undefined && rawValue !== undefined && current) {
      current.params[name.toLowerCase()] = rawValue.startsWith('"') ? rawValue.slice(1, -1).replace(/\\(.)/g, '$1') : rawValue;
    } else if (bare !== undefined) {
      // A bare token right after a scheme is its token68; otherwise it starts a new challenge.
      const prev = value.slice(0, start).trimEnd();
      if (current && Object.keys(current.params).length === 0 && !prev.endsWith(',')) continue;
      current = { scheme: bare, params: {} };
      out.push(current);
    }
    if (ITEM.lastIndex >= value.length) break;
  }
  return out;
}

/** The `error` of a Bearer challenge (RFC 6750 §3) in the response headers, if any. */
export function bearerError(headers: HeaderList): string | undefined {
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'www-authenticate') continue;
    for (const c of parseChallenges(value)) {
      if (c.scheme.toLowerCase() === 'bearer' && c.params.error) return c.params.error;
    }
  }
  return undefined;
}
