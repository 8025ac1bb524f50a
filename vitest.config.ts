import { defineConfig } from 'vitest/config';

// Integration tests start real servers and child processes; two cores means two forks is the
// sweet spot, and the generous timeouts are for slow CI machines, not for slow code.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
