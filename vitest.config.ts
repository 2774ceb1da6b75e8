import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'protocol/**/*.test.ts',
      'main/**/*.test.ts',
      'app/**/*.test.ts',
      'native/**/*.test.ts',
      'renderer/**/*.test.ts',
    ],
    // Two cores on the CI machine: keep the pool small so socket tests keep their timing.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    allowOnly: false,
  },
});
