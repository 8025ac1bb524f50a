import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../electron/engine/http/iso-time';

describe('isoTime', () => {
  it('matches toISOString across seconds, backwards in time and at the ends of the fast range', () => {
    const edges = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 59_999, 60_000, Date.UTC(2026, 10, 29, 23, 59, 59, 999), Date.UTC(2026, 10, 30), 253402300799999];
    const walk: number[] = [];
    let ms = Date.UTC(2024, 1, 29, 12, 0, 0, 0);
    for (let i = 0; i < 2000; i++) {
      ms += Math.floor(((i * 7919) % 1700) - 400); // forwards and sometimes backwards, within and across seconds
      walk.push(ms);
    }
    for (const t of [...edges, ...walk, ...edges.reverse()]) {
      expect(isoTime(new Date(t))).toBe(new Date(t).toISOString());
    }
  });

  it('falls back to toISOString outside years 0000-9999, and throws as it does for an invalid date', () => {
    for (const t of [-1, -62198755200000, 253402300800000, 8.64e15]) expect(isoTime(new Date(t))).toBe(new Date(t).toISOString());
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
