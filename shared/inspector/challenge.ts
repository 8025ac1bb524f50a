/**
 * RFC 9110 §11.6.1 challenges (WWW-Authenticate, Proxy-Authenticate) and, with the same grammar,
 * credentials (Authorization: `Digest username="..", ...`).
 *
 *   challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param = token BWS "=" BWS ( token / quoted-string )
 *   token68    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 *
 * Commas separate both challenges and the params of one challenge, so the parser looks one token
 * ahead after each comma: `name=` continues the current challenge, a bare token starts a new one.
 * Real servers send broken headers; every defect goes to `problems` and the parser carries on from
 * the next comma. It never throws, and each character is looked at a bounded number of times, so a
 * hostile header costs time linear in its length (the optional meter counts the steps for tests).
 */

export interface Challenge {
  /** The scheme as the server spelled it. */
  scheme: string;
  /** Lower-cased scheme, for comparisons (schemes are case-insensitive). */
  schemeKey: string;
  /** Params by lower-cased name; the first occurrence wins (a repeat is a problem). */
  params: Record<string, string>;
  token68?: string;
  /** The challenge's text as received, for quoting in evidence. */
  raw: string;
}

export interface ChallengeProblem {
  message: string;
  /** Index of the header value (when several were given) and character offset in it. */
  header: number;
  offset: number;
}

export interface ParsedChallenges {
  challenges: Challenge[];
  problems: ChallengeProblem[];
}

/** Counts parser steps; tests compare it across input sizes instead of timing anything. */
export interface StepMeter { steps: number }

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[A-Za-z0-9\-._~+/]/;
const isTchar = (c: string | undefined): boolean => c !== undefined && TCHAR.test(c);
// Null prototype: a server may send a param named __proto__ or constructor.
const emptyParams = (): Record<string, string> => Object.create(null) as Record<string, string>;
const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t';

class Cursor {
  pos = 0;
  constructor(readonly text: string, readonly meter: StepMeter | undefined) {}
  peek(offset = 0): string | undefined { return this.text[this.pos + offset]; }
  done(): boolean { return this.pos >= this.text.length; }
  next(): string | undefined {
    if (this.meter) this.meter.steps++;
    return this.text[this.pos++];
  }
  skipWs(): void { while (isWs(this.peek())) this.next(); }
  token(): string {
    const start = this.pos;
    while (isTchar(this.peek())) this.next();
    return this.text.slice(start, this.pos);
  }
}

/** Parses one or more header values (each may hold several challenges). */
export function parseChallenges(values: string | readonly string[], meter?: StepMeter): ParsedChallenges {
  const list = typeof values === 'string' ? [values] : values;
  const out: ParsedChallenges = { challenges: [], problems: [] };
  list.forEach((value, header) => parseOne(value, header, out, meter));
  return out;
}

function parseOne(value: string, header: number, out: ParsedChallenges, meter: StepMeter | undefined): void {
  const c = new Cursor(value, meter);
  const problem = (message: string, offset = c.pos): void => { out.problems.push({ message, header, offset }); };
  while (!c.done()) {
    while (isWs(c.peek()) || c.peek() === ',') c.next();
    if (c.done()) break;
    const start = c.pos;
    const scheme = c.token();
    if (scheme === '') {
      problem(`unexpected character ${JSON.stringify(c.peek())} where an auth scheme should start`);
      skipToComma(c);
      continue;
    }
    const ch: Challenge = { scheme, schemeKey: scheme.toLowerCase(), params: emptyParams(), raw: '' };
    const afterScheme = c.peek();
    if (afterScheme !== undefined && afterScheme !== ',' && !isWs(afterScheme)) {
      problem(`the scheme "${scheme}" is followed by ${JSON.stringify(afterScheme)} instead of a space`);
      skipToComma(c);
    } else {
      c.skipWs();
      parseChallengeBody(c, ch, problem);
    }
    ch.raw = value.slice(start, trimEnd(value, start, c.pos));
    out.challenges.push(ch);
  }
}

function parseChallengeBody(c: Cursor, ch: Challenge, problem: (m: string, o?: number) => void): void {
  if (c.done() || c.peek() === ',') return;
  if (tryToken68(c, ch)) return;
  // #auth-param: params until a comma that is followed by something other than `name =`.
  for (;;) {
    if (!parseParam(c, ch, problem)) { skipToComma(c); }
    c.skipWs();
    if (c.done()) return;
    if (c.peek() !== ',') {
      problem(`expected "," after the ${ch.scheme} parameter, found ${JSON.stringify(c.peek())}`);
      skipToComma(c);
      if (c.done()) return;
    }
    // Look past the comma(s): `name =` continues this challenge; anything else starts the next.
    const save = c.pos;
    while (c.peek() === ',' || isWs(c.peek())) c.next();
    if (c.done()) return;
    const nameStart = c.pos;
    const name = c.token();
    c.skipWs();
    const isParam = name !== '' && c.peek() === '=';
    c.pos = isParam ? nameStart : save;
    if (!isParam) return;
  }
}

/** token68 only if what follows the `=` padding is the end or a comma (else it is an auth-param). */
function tryToken68(c: Cursor, ch: Challenge): boolean {
  const start = c.pos;
  let i = start;
  const text = c.text;
  while (i < text.length && TOKEN68_CHAR.test(text[i] as string)) i++;
  if (c.meter) c.meter.steps += i - start;
  if (i === start) return false;
  let j = i;
  while (text[j] === '=') j++;
  let k = j;
  while (isWs(text[k])) k++;
  if (!(k >= text.length || text[k] === ',')) return false;
  if (c.meter) c.meter.steps += k - start;
  c.pos = k;
  ch.token68 = text.slice(start, j);
  return true;
}

function parseParam(c: Cursor, ch: Challenge, problem: (m: string, o?: number) => void): boolean {
  const at = c.pos;
  const name = c.token();
  if (name === '') {
    problem(`expected a parameter name in the ${ch.scheme} challenge, found ${JSON.stringify(c.peek() ?? 'end of header')}`);
    return false;
  }
  c.skipWs();
  if (c.peek() !== '=') {
    problem(`the ${ch.scheme} parameter "${name}" has no "=" and value`, at);
    return false;
  }
  c.next();
  c.skipWs();
  let value: string;
  if (c.peek() === '"') {
    const q = quoted(c);
    if (!q.closed) problem(`the quoted value of "${name}" is never closed`, at);
    value = q.value;
  } else {
    value = c.token();
    if (value === '') {
      problem(`the ${ch.scheme} parameter "${name}" has an empty value`, at);
    }
  }
  const key = name.toLowerCase();
  if (Object.hasOwn(ch.params, key)) problem(`the ${ch.scheme} parameter "${name}" appears more than once (the first is used)`, at);
  else ch.params[key] = value;
  return true;
}

function quoted(c: Cursor): { value: string; closed: boolean } {
  c.next();
  let value = '';
  while (!c.done()) {
    const ch = c.next();
    if (ch === '"') return { value, closed: true };
    if (ch === '\\') {
      const escaped = c.next();
      if (escaped !== undefined) value += escaped;
    } else {
      value += ch;
    }
  }
  return { value, closed: false };
}

/** End of the challenge text without trailing commas and spaces (a loop: /[\s,]+$/ backtracks). */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (text[e - 1] === ',' || isWs(text[e - 1]))) e--;
  return e;
}

function skipToComma(c: Cursor): void {
  while (!c.done() && c.peek() !== ',') {
    if (c.peek() === '"') quoted(c);
    else c.next();
  }
}

/* ---------------- typed views of the schemes Keyhole reasons about ---------------- */

const splitList = (v: string | undefined, sep: RegExp): string[] =>
  v === undefined ? [] : v.split(sep).map((s) => s.trim()).filter((s) => s !== '');

export interface BearerChallenge {
  realm?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
  errorUri?: string | undefined;
  /** RFC 6750 §3: space-delimited scope values. */
  scope: string[];
  resourceMetadata?: string | undefined;
}

export function bearerView(ch: Challenge): BearerChallenge {
  const p = ch.params;
  return {
    realm: p.realm,
    error: p.error,
    errorDescription: p.error_description,
    errorUri: p.error_uri,
    scope: splitList(p.scope, /\s+/),
    resourceMetadata: p.resource_metadata,
  };
}

export interface DigestChallenge {
  realm?: string | undefined;
  nonce?: string | undefined;
  opaque?: string | undefined;
  stale: boolean;
  /** RFC 7616 §3.3: MD5 when absent. */
  algorithm: string;
  /** `qop="auth,auth-int"` is two values. */
  qop: string[];
  userhash: boolean;
  charset?: string | undefined;
  domain: string[];
}

export function digestView(ch: Challenge): DigestChallenge {
  const p = ch.params;
  return {
    realm: p.realm,
    nonce: p.nonce,
    opaque: p.opaque,
    stale: (p.stale ?? '').toLowerCase() === 'true',
    algorithm: p.algorithm ?? 'MD5',
    qop: splitList(p.qop, /[\s,]+/),
    userhash: (p.userhash ?? '').toLowerCase() === 'true',
    charset: p.charset,
    domain: splitList(p.domain, /\s+/),
  };
}

export interface BasicChallenge {
  realm?: string | undefined;
  /** RFC 7617 §2.1: only "UTF-8" is allowed. */
  charset?: string | undefined;
}

export function basicView(ch: Challenge): BasicChallenge {
  return { realm: ch.params.realm, charset: ch.params.charset };
}

/** RFC 9728 §5.1: where the protected resource publishes its metadata (any scheme may carry it). */
export function resourceMetadataOf(ch: Challenge): string | undefined {
  return ch.params.resource_metadata;
}

export function findChallenge(list: readonly Challenge[], scheme: string): Challenge | undefined {
  const key = scheme.toLowerCase();
  return list.find((c) => c.schemeKey === key);
}
