import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['pipeline/**/*.test.ts', 'test/**/*.test.ts', 'site/**/*.test.ts'],
    expect: { requireAssertions: true },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Heavy suites (training, browser) must not run concurrently on 2 cores.
    fileParallelism: false,
  },
});
