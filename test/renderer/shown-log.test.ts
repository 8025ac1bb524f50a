import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../shared/model';
import { addDivider, appendPage, EMPTY_LOG, isDivider, notShownText, type ShownLog } from '../../renderer/src/features/stream/shown-log';

/** Messages as the engine numbers them in one connection's log: seq from `from`. */
const page = (from: number, n: number, tag = 'm'): StreamMessage[] => Array.from({ length: n }, (_, i) => ({
  seq: from + i, t: i, at: '2026-01-01T00:00:00.000Z', direction: 'in', type: 'text', data: `${tag}${from + i}`, size: 2, truncated: false,
}));
const texts = (log: ShownLog) => log.rows.map((r) => (isDivider(r) ? `-- ${r.text}` : r.data));

describe('the renderer\'s live log: capped, and separated per connection', () => {
  it('keeps the newest rows up to the cap and counts the older ones as not shown, naming the engine\'s log file', () => {
    let log = appendPage(EMPTY_LOG, { messages: page(0, 6), after: 0 }, 4);
    expect(texts(log)).toEqual(['m2', 'm3', 'm4', 'm5']);
    expect(log.notShown).toBe(2);
    log = appendPage(log, { messages: page(6, 3), after: 6, file: '/tmp/keyhole-websocket-1.jsonl' }, 4);
    expect(texts(log)).toEqual(['m5', 'm6', 'm7', 'm8']);
    expect(log.notShown).toBe(5);
    expect(notShownText(log, 'frames')).toBe('5 earlier frames not shown; the full log is in /tmp/keyhole-websocket-1.jsonl.');
    expect(notShownText(appendPage(EMPTY_LOG, { messages: page(0, 2), after: 0 }, 4), 'frames')).toBeUndefined();
  });

  it('counts messages the engine let go before a poll reached them (the page starts past the cursor)', () => {
    const log = appendPage(EMPTY_LOG, { messages: page(30, 2), after: 10 }, 100);
    expect(texts(log)).toEqual(['m30', 'm31']);
    expect(log.notShown).toBe(20);
    expect(notShownText(log, 'events')).toBe('20 earlier events not shown.');
  });

  it('puts a divider where a reconnection starts and numbers rows uniquely though each connection starts at seq 0', () => {
    let log = appendPage(EMPTY_LOG, { messages: page(0, 2, 'a'), after: 0 });
    log = addDivider(log, 'Reconnected at 10:04:05', '2026-01-01T10:04:05.000Z');
    log = appendPage(log, { messages: page(0, 2, 'b'), after: 0 });
    expect(texts(log)).toEqual(['a0', 'a1', '-- Reconnected at 10:04:05', 'b0', 'b1']);
    const seqs = log.rows.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    // A first connection has nothing to be divided from.
    expect(addDivider(EMPTY_LOG, 'Reconnected', 'x').rows).toEqual([]);
  });

  it('does not count a divider the cap lets go as a message not shown', () => {
    let log = appendPage(EMPTY_LOG, { messages: page(0, 1, 'a'), after: 0 }, 3);
    log = addDivider(log, 'Reconnected', 'x', 3);
    log = appendPage(log, { messages: page(0, 3, 'b'), after: 0 }, 3);
    expect(texts(log)).toEqual(['b0', 'b1', 'b2']);
    expect(log.notShown).toBe(1);
  });

  it('names each log file once, in the order the connections spilled', () => {
    let log = appendPage(EMPTY_LOG, { messages: page(0, 1), after: 0, file: '/tmp/a.jsonl' });
    log = appendPage(log, { messages: [], after: 1, file: '/tmp/a.jsonl' });
    log = appendPage(log, { messages: page(0, 1), after: 0, file: '/tmp/b.jsonl' });
    expect(log.files).toEqual(['/tmp/a.jsonl', '/tmp/b.jsonl']);
  });
});
