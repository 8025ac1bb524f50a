import type { Channel } from './channels';
import { dispatch } from './dispatch';
import type { Handlers, RawInvoke } from './types';

/**
 * A transport with no process boundary, for tests and the CLI: arguments and answers go through a
 * JSON round trip so that whatever would not survive IPC or HTTP (functions, class instances,
 * undefined in arrays) fails here too.
 */
export function inProcessInvoke(handlers: Handlers): RawInvoke {
  return async (channel: Channel, input: unknown) => {
    const sent: unknown = input === undefined ? undefined : JSON.parse(JSON.stringify(input));
    return JSON.parse(JSON.stringify(await dispatch(handlers, channel, sent))) as Awaited<ReturnType<RawInvoke>>;
  };
}
