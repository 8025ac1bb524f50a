import { KeyholeError } from '../../../shared/errors';
import type { HeaderList } from '../../../shared/model';

// RFC 9110 §5.6.2: a field name is a token.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// CR, LF and NUL end or split a header line on the wire: the classic header-injection vector.
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/**
 * Refuses header names that are not tokens and values that contain CR, LF or NUL, before anything
 * is sent. The value is never quoted in the error: it may be a credential.
 */
export function assertValidHeaders(headers: HeaderList): void {
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) {
      const shown = JSON.stringify(name.replace(/[\r\n\0]/g, (c) => (c === '\0' ? '\\0' : c === '\r' ? '\\r' : '\\n')));
      throw new KeyholeError('header-invalid', `Header name ${shown} is not a valid HTTP token`, {
        hint: 'Header names may contain letters, digits and !#$%&\'*+-.^_`|~ only; no spaces, colons or line breaks.',
        details: { header: name },
      });
    }
    if (FORBIDDEN_IN_VALUE.test(value)) {
      throw new KeyholeError('header-invalid', `Header "${name}" has a line break or NUL character in its value`, {
        hint: 'Remove CR/LF/NUL from the value (often a variable that ends with a newline); they would let the value inject extra headers.',
        details: { header: name },
      });
    }
  }
}

/** All values of a header, joined as RFC 9110 §5.3 allows (Cookie with "; "); undefined when absent. */
export function getHeader(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  // A loop, not filter/map: called several times per request, mostly for headers that are absent.
  let found: string | undefined;
  for (let i = 0; i < headers.length; i++) {
    const pair = headers[i] as [string, string];
    if (pair[0].length !== lower.length || pair[0].toLowerCase() !== lower) continue;
    found = found === undefined ? pair[1] : `${found}${lower === 'cookie' ? '; ' : ', '}${pair[1]}`;
  }
  return found;
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  const lower = name.toLowerCase();
  return headers.some(([k]) => k.toLowerCase() === lower);
}

/** Removes every header whose (case-insensitive) name is listed; reports the names it removed, as spelled. */
export function removeHeaders(headers: HeaderList, names: Iterable<string>): { headers: HeaderList; removed: string[] } {
  const drop = new Set([...names].map((n) => n.toLowerCase()));
  const removed: string[] = [];
  const kept: HeaderList = [];
  for (const pair of headers) {
    if (drop.has(pair[0].toLowerCase())) {
      if (!removed.some((r) => r.toLowerCase() === pair[0].toLowerCase())) removed.push(pair[0]);
    } else kept.push(pair);
  }
  return { headers: kept, removed };
}

/** Replaces all headers of that name with one (appended at the end), or removes them when value is undefined. */
export function setHeader(headers: HeaderList, name: string, value: string | undefined): HeaderList {
  const { headers: rest } = removeHeaders(headers, [name]);
  return value === undefined ? rest : [...rest, [name, value]];
}

/**
 * undici hands raw headers as a flat [name, value, name, value...] list of Buffers or strings.
 * Names are tokens (ASCII), read as latin1, the cheaper decode; values as UTF-8, as undici does.
 */
export function pairsFromRaw(raw: readonly (Buffer | string)[] | null | undefined): HeaderList {
  const out: HeaderList = [];
  if (!raw) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as Buffer | string;
    const value = raw[i + 1] as Buffer | string;
    out.push([typeof name === 'string' ? name : name.toString('latin1'), typeof value === 'string' ? value : value.toString()]);
  }
  return out;
}

/** Bytes of a header block as it appears on an HTTP/1.1 wire (status line excluded). */
export function headerBlockSize(headers: HeaderList): number {
  let size = 2; // the empty line that ends the block
  for (const [k, v] of headers) size += Buffer.byteLength(k) + 2 + Buffer.byteLength(v) + 2;
  return size;
}

export function flatHeaders(headers: HeaderList): string[] {
  const out = new Array<string>(headers.length * 2);
  for (let i = 0; i < headers.length; i++) {
    const pair = headers[i] as [string, string];
    out[2 * i] = pair[0];
    out[2 * i + 1] = pair[1];
  }
  return out;
}
