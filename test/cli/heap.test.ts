import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../electron/cli/heap';

describe('collectGarbage', () => {
  it('frees garbage the heap still holds (what keyhole run does once the collection is loaded)', () => {
    let garbage: number[][] | undefined = Array.from({ length: 400 }, () => Array.from({ length: 20_000 }, (_, i) => i + 0.5));
    const withGarbage = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(400);
    garbage = undefined;
    collectGarbage();
    const after = process.memoryUsage().heapUsed;
    // 400 arrays of 20,000 doubles: ~64 MB, all unreachable now.
    expect(withGarbage - after).toBeGreaterThan(40 * 1024 * 1024);
  });
});
