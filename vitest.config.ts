import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // SQLite files and 2 cores: a few forks are faster than many.
    pool: 'forks',
    maxWorkers: 2,
  },
});
