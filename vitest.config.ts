import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['pipeline/**/*.test.ts', 'test/**/*.test.ts', 'site/**/*.test.ts'],
    // One quick-preset run shared by the suites that need a finished run (test/helpers/quick-run.ts).
    globalSetup: ['test/helpers/global-setup.ts'],
    expect: { requireAssertions: true },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Heavy suites (training, browser) must not run concurrently on 2 cores.
    fileParallelism: false,
  },
});
