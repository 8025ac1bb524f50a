import { describe, expect, it } from 'vitest';
import { RunExchanges } from '../../electron/engine/api/run-exchanges';
import { isKeyholeError } from '../../shared/errors';
import type { SendResult } from '../../shared/ipc';
import { Exchange } from '../../shared/model';

function result(id: string, bodyBytes = 10): SendResult {
  return {
    exchange: Exchange.parse({
      id, startedAt: '2026-01-01T00:00:00.000Z',
      request: { method: 'GET', url: 'http://127.0.0.1/', headers: [] },
      response: { status: 200, statusText: 'OK', httpVersion: '1.1', headers: [], body: { storage: 'inline', base64: 'x'.repeat(bodyBytes) }, headersSize: 0, bodySizeCompressed: bodyBytes, bodySizeDecoded: bodyBytes },
      timings: { dns: 0, connect: 0, tls: 0, firstByte: 1, download: 0, total: 1 },
    }),
  };
}

const code = (f: () => unknown): string | undefined => {
  try { f(); return undefined; } catch (e) { return isKeyholeError(e) ? e.code : 'not a KeyholeError'; }
};

describe('the most recent run\'s exchanges, bounded', () => {
  it('keeps the newest N by count, oldest let go first', () => {
    const kept = new RunExchanges(3, 1e9);
    kept.begin('r1');
    for (const id of ['a', 'b', 'c', 'd', 'e']) kept.add('r1', result(id));
    expect(kept.size).toBe(3);
    expect(code(() => kept.get('r1', 'b'))).toBe('invalid-input');
    expect(kept.get('r1', 'e').exchange.id).toBe('e');
    expect(['c', 'd', 'e'].every((id) => kept.has(id))).toBe(true);
  });

  it('keeps the inline bodies under a byte budget however few the exchanges', () => {
    const kept = new RunExchanges(1_000, 3 * (1_000_000 + 4096));
    kept.begin('r1');
    for (let i = 0; i < 10; i++) kept.add('r1', result(`x${i}`, 1_000_000));
    expect(kept.size).toBe(3);
    expect(kept.has('x9') && !kept.has('x6')).toBe(true);
  });

  it('a new run lets the previous run\'s exchanges go, and asking the old run says so', () => {
    const kept = new RunExchanges(10, 1e9);
    kept.begin('r1');
    kept.add('r1', result('a'));
    kept.begin('r2');
    kept.add('r1', result('late')); // a straggler of the old run is not kept
    kept.add('r2', result('b'));
    expect(kept.size).toBe(1);
    expect(code(() => kept.get('r1', 'a'))).toBe('invalid-input');
    expect(code(() => kept.get('r1', 'b'))).toBe('invalid-input');
    expect(kept.get('r2', 'b').exchange.id).toBe('b');
  });
});
