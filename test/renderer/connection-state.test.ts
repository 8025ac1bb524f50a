import { describe, expect, it } from 'vitest';
import { polledState } from '../../renderer/src/features/websocket/connection-state';

describe('a WebSocket tab\'s state as its polls answer', () => {
  it('never goes back to "open" once the user pressed Disconnect, whatever an earlier poll says', () => {
    expect(polledState('closing', 'open')).toBe('closing');
    expect(polledState('closed', 'open')).toBe('closed');
    expect(polledState('closed', 'closing')).toBe('closed');
  });

  it('follows the engine forward: connecting to open, open to closing, anything to closed', () => {
    expect(polledState('connecting', 'open')).toBe('open');
    expect(polledState('open', 'open')).toBe('open');
    expect(polledState('open', 'closing')).toBe('closing');
    expect(polledState('open', 'closed')).toBe('closed');
    expect(polledState('closing', 'closed')).toBe('closed');
  });

  it('keeps its own state for what a WebSocket poll does not say', () => {
    expect(polledState('open', 'waiting')).toBe('open');
    expect(polledState('failed', 'streaming')).toBe('failed');
  });
});
