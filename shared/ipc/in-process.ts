import type { Channel } from './channels';
import { isBytesAnswer, metaOf } from './bytes';
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
    const answer = await dispatch(handlers, channel, sent);
    // Bytes are copied as IPC clones them; the rest of the answer takes the JSON round trip.
    if (answer.ok && isBytesAnswer(answer.value)) {
      return { ok: true, value: { ...JSON.parse(JSON.stringify(metaOf(answer.value))) as object, bytes: new Uint8Array(answer.value.bytes) } };
    }
    return JSON.parse(JSON.stringify(answer)) as Awaited<ReturnType<RawInvoke>>;
  };
}
