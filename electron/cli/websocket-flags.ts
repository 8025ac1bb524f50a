import { resolve } from 'node:path';
import { KeyholeError } from '../../shared/errors';
import { WebSocketRequest, type Request, type WebSocketMessage, type WebSocketWait } from '../../shared/model';

/** The flags of `keyhole send` that only a WebSocket takes. */
export interface WebSocketFlags {
  message?: string[];
  wait?: string[];
  subprotocol?: string[];
}

export const isWebSocketUrl = (target: string): boolean => /^wss?:\/\//i.test(target);

/**
 * `--message TEXT` sends a text frame ({{variables}} resolved); `--message @FILE` sends the file as
 * a binary frame (like curl's -d @file). Relative files are read from the current folder.
 */
export function messagesFrom(flags: WebSocketFlags, cwd: string): WebSocketMessage[] {
  return (flags.message ?? []).map((m, i) => (m.startsWith('@')
    ? { name: `message ${i + 1}`, type: 'binary' as const, path: resolve(cwd, m.slice(1)), enabled: true }
    : { name: `message ${i + 1}`, type: 'text' as const, text: m, enabled: true }));
}

/**
 * `--wait 3` waits for 3 messages, `--wait 500ms` or `--wait 2s` for a time; given both, whichever
 * comes first. Without --wait the request's own (or 1 s) applies.
 */
export function waitFrom(values: readonly string[] | undefined): WebSocketWait | undefined {
  if (!values || values.length === 0) return undefined;
  const wait: WebSocketWait = {};
  for (const v of values) {
    const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(v.trim());
    if (!m) throw new KeyholeError('usage', `--wait takes a count of messages (3) or a time (500ms, 2s), not "${v}"`);
    const n = Number(m[1]);
    if (m[2] === undefined) {
      if (!Number.isInteger(n) || n < 1) throw new KeyholeError('usage', `--wait ${v}: a count of messages is a whole number of at least 1`);
      wait.messages = n;
    } else wait.ms = Math.round(m[2] === 's' ? n * 1000 : n);
  }
  return wait;
}

/** A curl-style ad-hoc request (headers, auth, TLS, proxy, timeouts) as a WebSocket request. */
export function adhocWebSocket(base: Request, flags: WebSocketFlags, cwd: string): WebSocketRequest {
  if (base.body.mode !== 'none' || base.method !== 'GET') {
    throw new KeyholeError('usage', 'A WebSocket takes --message, not -d or -X', { hint: 'keyhole send ws://host/path --message "hello" --wait 1' });
  }
  const wait = waitFrom(flags.wait);
  return WebSocketRequest.parse({
    kind: 'websocket', name: base.name, url: base.url, headers: base.headers, auth: base.auth, settings: base.settings,
    subprotocols: flags.subprotocol ?? [], messages: messagesFrom(flags, cwd), ...(wait ? { wait } : {}),
  });
}
