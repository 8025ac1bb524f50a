import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDeadline } from '../../../electron/engine/http/deadline';

// On a virtual clock: when a deadline fires is decided by the time advanced, not by how busy the
// machine is. Each test uses its own timeout length, so the idle timers one test hands back are
// not re-armed by another.
describe('startDeadline', () => {
  beforeEach(() => { vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); });
  afterEach(() => { vi.useRealTimers(); });

  it('fires once after its time, and not at all once cleared', () => {
    const fired: string[] = [];
    startDeadline(40, () => fired.push('a'));
    const b = startDeadline(40, () => fired.push('b'));
    b.clear();
    vi.advanceTimersByTime(39);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual(['a']);
  });

  it('a timer handed back and re-armed counts from its new start, and fires for its new owner only', () => {
    const fired: string[] = [];
    const first = startDeadline(200, () => fired.push('first'));
    first.clear();
    vi.advanceTimersByTime(120);
    const second = startDeadline(200, () => fired.push('second'));
    expect(second).toBe(first);
    vi.advanceTimersByTime(199); // 319 ms after the first start: a timer still counting from there would have fired
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['second']);
  });

  it('many at once each fire on time, more than are kept idle', () => {
    const fired = new Set<number>();
    const all = Array.from({ length: 20 }, (_, i) => startDeadline(30, () => fired.add(i)));
    for (const d of all.slice(0, 10)) d.clear();
    vi.advanceTimersByTime(30);
    expect([...fired].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const again = new Set<number>();
    for (let i = 0; i < 20; i++) startDeadline(30, () => again.add(i));
    vi.advanceTimersByTime(30);
    expect(again.size).toBe(20);
  });
});

describe('startDeadline and the process', () => {
  // Real timers: what keeps Node's event loop alive is what the process reports as active.
  const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it('an idle timer does not keep the process alive; an armed one does', () => {
    const before = activeTimers();
    const d = startDeadline(60_000, () => undefined);
    expect(activeTimers()).toBe(before + 1);
    d.clear();
    expect(activeTimers()).toBe(before);
    const again = startDeadline(60_000, () => undefined);
    expect(again).toBe(d);
    expect(activeTimers()).toBe(before + 1);
    again.clear();
    expect(activeTimers()).toBe(before);
  });
});
