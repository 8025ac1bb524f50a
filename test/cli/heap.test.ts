import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../electron/cli/heap';

/** Allocates ~64 MB (400 arrays of 20,000 doubles) that is unreachable once this returns. */
function leaveGarbage(): { arrays: number; heapUsed: number } {
  const garbage = Array.from({ length: 400 }, () => Array.from({ length: 20_000 }, (_, i) => i + 0.5));
  return { arrays: garbage.length, heapUsed: process.memoryUsage().heapUsed };
}

describe('collectGarbage', () => {
  it('frees garbage the heap still holds (what keyhole run does once the collection is loaded)', () => {
    const { arrays, heapUsed: withGarbage } = leaveGarbage();
    expect(arrays).toBe(400);
    collectGarbage();
    expect(withGarbage - process.memoryUsage().heapUsed).toBeGreaterThan(40 * 1024 * 1024);
  });
});
