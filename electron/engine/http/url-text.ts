import { KeyholeError } from '../../../shared/errors';

const BREAK = /[\r\n\t]/;
const NAMES: Record<string, string> = { '\r': 'CR', '\n': 'LF', '\t': 'tab' };

/**
 * Refuses CR, LF and tab inside a URL as typed (or as its variables made it). The WHATWG URL
 * parser drops them without a word, so `/a\nb` would be sent to `/ab`: a different resource than
 * the one written, and a classic way to smuggle one path past a reviewer as another. Leading and
 * trailing white space is not inside the URL (a variable that ends with a newline) and is left to
 * the caller's trim. The URL itself is not quoted: its query may hold a key.
 */
export function assertNoLineBreaks(raw: string, where: string): void {
  const start = raw.length - raw.trimStart().length;
  const inner = raw.trim();
  const m = BREAK.exec(inner);
  if (!m) return;
  const position = start + m.index + 1;
  const what = NAMES[m[0]] ?? 'control character';
  throw new KeyholeError('url-invalid', `${where} has a line break (${what}) at character ${position}`, {
    hint: 'A URL cannot hold CR, LF or tab: the URL parser would drop it and the request would go to another path. Remove it (often a variable with a newline in it), or write it percent-encoded (%0D, %0A, %09) if the server really expects it.',
    details: { position, character: what },
  });
}
