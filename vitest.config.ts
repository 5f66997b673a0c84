import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Crash and contention tests spawn real processes; two cores cannot run many files at once.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
