import { KeyholeError } from '../../../shared/errors';
import type { GrpcRequest } from '../../../shared/model';
import { resolveText, type ResolveOptions } from '../../../shared/variables';
import type { StartedGrpc } from './start';

/**
 * A message's text ready to send: {{variables}} resolved (from the scopes as they are now), then
 * parsed as JSON; an error names the message and where the JSON stops parsing.
 */
export function resolveGrpcMessage(text: string, name: string, o: ResolveOptions): unknown {
  const where = `message "${name}" of ${o.where}`;
  // Spelt out, not spread: this runs once a call.
  const opts: ResolveOptions = { scopes: o.scopes, dynamic: o.dynamic, where, unresolved: o.unresolved, onLiteral: o.onLiteral };
  if (o.maxDepth !== undefined) opts.maxDepth = o.maxDepth;
  const resolved = resolveText(text, opts).text;
  try {
    return JSON.parse(resolved === '' ? '{}' : resolved);
  } catch (e) {
    throw new KeyholeError('invalid-input', `JSON ${where} is not valid JSON: ${(e as Error).message}`, {
      hint: 'A gRPC message is written as JSON (grpc.template gives one for its type).',
      details: { message: name },
    });
  }
}

/** The messages a request sends when played (run, send without a live tab): its enabled saved ones. */
export function savedMessages(request: GrpcRequest): { name: string; text: string }[] {
  return request.messages.filter((m) => m.enabled).map((m) => ({ name: m.name, text: m.text }));
}

/**
 * A call as `keyhole run` and `keyhole send` play it: a unary or server-streaming call sends one
 * message (the first given, else `{}`), a client-streaming or bidirectional one sends each in
 * order; then it half-closes and waits for the status (the deadline bounds the wait).
 */
export async function playGrpc(started: StartedGrpc, messages: readonly { name: string; text: string }[], resolve: (text: string, name: string) => unknown): Promise<void> {
  const { call } = started;
  try {
    const single = call.callType === 'unary' || call.callType === 'server-streaming';
    const list = single ? [messages[0] ?? { name: 'empty', text: '{}' }] : messages;
    for (const m of list) {
      if (call.state !== 'open') break;
      call.send(resolve(m.text, m.name), `message "${m.name}"`);
    }
    call.end();
  } catch (e) {
    call.cancel();
    await call.done;
    throw e;
  }
}
