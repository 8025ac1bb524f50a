import { describe, expect, it } from 'vitest';
import { mapShared } from '../../shared/map-shared';

describe('mapShared', () => {
  it('returns the list itself when nothing changes, and a copy with the changes otherwise', () => {
    const list = [{ a: 1 }, { a: 2 }, { a: 3 }];
    expect(mapShared(list, (x) => x)).toBe(list);
    const changed = mapShared(list, (x, i) => (i === 1 ? { a: 20 } : x));
    expect(changed).not.toBe(list);
    expect(changed).toEqual([{ a: 1 }, { a: 20 }, { a: 3 }]);
    expect(changed[0]).toBe(list[0]);
    expect(changed[2]).toBe(list[2]);
    expect(list).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });
});
