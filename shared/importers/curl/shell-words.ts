import { KeyholeError } from '../../errors';

/**
 * Splits a command line into words the way a POSIX shell does: '…' is literal, "…" honours
 * \" \\ \$ \` and line continuations, a backslash outside quotes escapes one character, and
 * backslash-newline joins lines. Bash's $'…' (what browsers emit in "Copy as cURL") is decoded too.
 * Stops at an unquoted ; | & or newline that ends the first command. Does not expand variables.
 */
export function shellWords(text: string): { words: string[]; rest: string } {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const n = text.length;
  const push = (): void => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') { i += 2; continue; }
      if (next === '\r' && text[i + 2] === '\n') { i += 3; continue; }
      if (next !== undefined) { cur += next; inWord = true; }
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw unterminated("'", i);
      cur += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === "'") {
      const r = ansiC(text, i + 2);
      cur += r.value;
      inWord = true;
      i = r.end;
      continue;
    }
    if (c === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= n) throw unterminated('"', i);
        const d = text[i] as string;
        if (d === '"') { i++; break; }
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1] as string;
          if (e === '\n') { i += 2; continue; }
          if ('"\\$`'.includes(e)) { cur += e; i += 2; continue; }
        }
        cur += d;
        i++;
      }
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '\n') {
      const onlyContinuation = c === '\n' && words.length === 0 && !inWord;
      if (onlyContinuation) { i++; continue; }
      push();
      return { words, rest: text.slice(i + 1) };
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      push();
      i++;
      continue;
    }
    cur += c;
    inWord = true;
    i++;
  }
  push();
  return { words, rest: '' };
}

function unterminated(q: string, at: number): KeyholeError {
  return new KeyholeError('import-failed', `The command line has an unterminated ${q} quote (from character ${at})`, {
    hint: 'Copy the whole command, including its closing quote.', details: { path: `char ${at}` },
  });
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function ansiC(text: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'") return { value: out, end: i + 1 };
    if (c !== '\\') { out += c; i++; continue; }
    const e = text[i + 1] ?? '';
    if (e in SIMPLE) { out += SIMPLE[e]; i += 2; continue; }
    const hex = e === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2)) : e === 'u' ? /^[0-9a-fA-F]{1,4}/.exec(text.slice(i + 2)) : e === 'U' ? /^[0-9a-fA-F]{1,8}/.exec(text.slice(i + 2)) : null;
    if (hex) { out += String.fromCodePoint(parseInt(hex[0], 16)); i += 2 + hex[0].length; continue; }
    const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1));
    if (oct) { out += String.fromCharCode(parseInt(oct[0], 8)); i += 1 + oct[0].length; continue; }
    out += `\\${e}`;
    i += 2;
  }
  throw unterminated("$'", start - 2);
}
