import type { Exchange } from '../../../shared/model';
import type { ResponseHead, StreamView } from './response-view';
import type { JarCookie, ScriptInfo, ScriptRequest } from './types';

/** What the prelude's begin() needs first: everything but the request and the response's headers. */
export interface ContextHead {
  event: 'prerequest' | 'test';
  info: ScriptInfo & { eventName: 'prerequest' | 'test' };
  data: Record<string, unknown>;
  /** The response's status line and sizes (pm.response), for a test script. */
  response?: ResponseHead | undefined;
  cookies?: JarCookie[] | undefined;
  /** A WebSocket's frames or an event stream's events, for pm.response.messages and pm.response.stream. */
  stream?: StreamView | undefined;
  /** Whether to build Postman's legacy globals (responseBody, tests...) for this script. */
  legacy: boolean;
}

/**
 * One execution's context as begin() reads it: three JSON texts, one a line (JSON.stringify never
 * writes a raw line break): the head, the request, the response's headers (empty without a
 * response). QuickJS parses JSON at about 30 ns a byte, so begin() parses only the head, and the
 * request and the headers wait until a script reads pm.request or pm.response.headers: for a
 * typical test script that is ~10 us of its ~150 (.scratch timing).
 */
export function contextText(head: ContextHead, request: ScriptRequest, response: Exchange | undefined): string {
  return `${JSON.stringify(head)}\n${JSON.stringify(request)}\n${response ? JSON.stringify(response.response.headers) : ''}`;
}

