import { describe, expect, it } from 'vitest';
import { mergeSettings } from '../../../electron/engine/execute/settings';

describe('mergeSettings remembers the levels it merged', () => {
  it('merges a level again once its content changed, even when it is the same object', () => {
    const collection = { timeoutMs: 5000, proxy: { mode: 'none' as const } };
    const first = mergeSettings([collection, undefined]);
    expect(first.timeoutMs).toBe(5000);
    expect(mergeSettings([collection, undefined])).toBe(first);
    collection.timeoutMs = 9000;
    const second = mergeSettings([collection, undefined]);
    expect(second.timeoutMs).toBe(9000);
    expect(second.proxy.mode).toBe('none');
    expect(mergeSettings([collection, { timeoutMs: 1000 }]).timeoutMs).toBe(1000);
  });

  it('hands out merged settings no request can change for the next', () => {
    const s = mergeSettings([{ tls: { verify: false } }]);
    expect(() => { (s as { timeoutMs: number }).timeoutMs = 1; }).toThrow(TypeError);
    expect(() => { (s.tls as { verify: boolean }).verify = true; }).toThrow(TypeError);
    expect(mergeSettings([{ tls: { verify: false } }]).tls.verify).toBe(false);
  });
});
