/**
 * A small reader for the auth-params of RFC 9110 §11.2 as Digest uses them, in both directions:
 * challenges (`WWW-Authenticate: Digest realm="a", qop="auth,auth-int"`, possibly several
 * challenges in one header) and the credentials we sent (`Authorization: Digest nc=00000002, ...`).
 * It never throws: a malformed param is skipped, and the caller decides from what it got.
 */

export interface AuthParamChallenge {
  scheme: string;
  /** Lower-cased param names; the first occurrence wins. */
  params: Record<string, string>;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

export function parseAuthHeaders(values: readonly string[]): AuthParamChallenge[] {
  const out: AuthParamChallenge[] = [];
  for (const v of values) out.push(...parseOne(v));
  return out;
}

function parseOne(text: string): AuthParamChallenge[] {
  const out: AuthParamChallenge[] = [];
  let current: AuthParamChallenge | undefined;
  let i = 0;
  const skipWs = (): void => { while (text[i] === ' ' || text[i] === '\t') i++; };
  while (i < text.length) {
    skipWs();
    if (text[i] === ',') { i++; continue; }
    const start = i;
    while (i < text.length && TCHAR.test(text[i] as string)) i++;
    const token = text.slice(start, i);
    if (token === '') { i++; continue; }
    skipWs();
    if (text[i] === '=' && text[i + 1] !== '=') {
      i++;
      skipWs();
      const value = readValue();
      if (current) current.params[token.toLowerCase()] ??= value;
      continue;
    }
    // A token not followed by '=' starts a new challenge; a token68 (`Basic dXNl==`) may follow it.
    current = { scheme: token, params: {} };
    out.push(current);
    const t68 = /^[A-Za-z0-9\-._~+/]+=*\s*(?=,|$)/.exec(text.slice(i));
    if (t68) i += t68[0].length;
  }
  return out;

  function readValue(): string {
    if (text[i] === '"') {
      i++;
      let v = '';
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        v += text[i];
        i++;
      }
      i++;
      return v;
    }
    const start = i;
    while (i < text.length && text[i] !== ',' && text[i] !== ' ' && text[i] !== '\t') i++;
    return text.slice(start, i);
  }
}
