import type { StreamProgress } from '../../../../shared/ipc';

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed' | 'refused' | 'failed';
type StreamPollState = StreamProgress['state'];

/**
 * The state a poll's answer leaves the tab in. A poll sent before the user pressed Disconnect can
 * answer "open" after the tab went to "closing"; the state never goes back, or the tab would offer
 * Send on a connection that is closing (and Reconnect's wait for "Connected" would end too early).
 */
export function polledState(current: ConnectionState, polled: StreamPollState): ConnectionState {
  if (polled === 'closed') return 'closed';
  if (polled === 'closing') return current === 'closed' ? current : 'closing';
  if (polled === 'open') return current === 'connecting' || current === 'open' ? 'open' : current;
  return current;
}
