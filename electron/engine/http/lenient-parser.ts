import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';

/** What undici's HTTP/1.1 parser holds: its llhttp (WebAssembly) exports and its parser's pointer. */
interface LlhttpParser {
  llhttp: Record<string, unknown>;
  ptr: number | null;
}

/**
 * Postman's insecureHTTPParser for undici, which has no option for it: the lenient modes of llhttp
 * (those Node's `insecureHTTPParser` turns on: header characters, chunk lengths, keep-alive,
 * transfer-encoding, version, data after close, bare CR or LF) set on the HTTP/1.1 parser undici
 * attaches to each new socket. undici attaches it synchronously inside the connector's callback
 * (client.js connect), so it is set here before a byte of the response is read. It reaches into
 * undici 7's internals (the socket's `parser` symbol); if they change, the socket is left strict
 * and `makeLenient` says so, and a malformed response fails with a hint naming the setting.
 */
export function lenientConnector(base: buildConnector.connector): buildConnector.connector {
  return (options, callback) => base(options, (err, socket) => {
    callback(err as Error & null, socket as Socket & null);
    if (!err && socket && !makeLenient(socket as Socket) && (socket as TLSSocket).alpnProtocol !== 'h2') missing = true;
  });
}

let missing = false;

/** Whether an HTTP/1.1 connection was left strict because undici's parser could not be reached. */
export function lenientParserMissing(): boolean {
  return missing;
}

/** Sets every lenient flag on the socket's HTTP/1.1 parser; false when there is none to set (HTTP/2, or undici changed). */
export function makeLenient(socket: Socket): boolean {
  const key = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'parser');
  const parser = key === undefined ? undefined : (socket as unknown as Record<symbol, unknown>)[key] as Partial<LlhttpParser> | null | undefined;
  if (!parser || typeof parser.ptr !== 'number' || typeof parser.llhttp !== 'object' || parser.llhttp === null) return false;
  const setters = Object.entries(parser.llhttp).filter(([name, fn]) => name.startsWith('llhttp_set_lenient_') && typeof fn === 'function');
  for (const [, fn] of setters) (fn as (ptr: number, on: number) => void)(parser.ptr, 1);
  return setters.length > 0;
}
