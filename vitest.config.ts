import { configDefaults, defineConfig } from 'vitest/config';

const ALL = ['pipeline/**/*.test.ts', 'test/**/*.test.ts', 'site/**/*.test.ts'];
/**
 * The browser suites: headless Chromium drawing the built site. They wait on the page (frames,
 * tweens, network) more than they compute: alone they kept about one core of two busy (the
 * site suite, 131 s). So they run beside the unit files, which keep the other core busy.
 */
const BROWSER = ['test/e2e/site.test.ts', 'test/e2e/imported.test.ts'];
/**
 * Suites that run the pipeline CLI or astro in child processes, or time themselves: they run
 * after the others, two files at a time. Their children keep about 1.4 of 2 cores busy when
 * the files run one at a time (start-up, single-threaded phases, waits on signals and
 * browsers); a second file fills the rest. Each file keeps its own folders, and the shared
 * runs are computed once (test/helpers/quick-run.ts). To add one, add its path here.
 */
const HEAVY = [
  'test/activations.test.ts',
  'test/backend-selection.test.ts',
  'test/bad-input-2.test.ts',
  'test/cli-errors.test.ts',
  'test/committed-data.test.ts',
  'test/examples.test.ts',
  'test/import-bad-input.test.ts',
  'test/import-run.test.ts',
  'test/pipeline-run.test.ts',
  'test/preflight-fuzz.test.ts',
  'test/publish-safety.test.ts',
  'test/scale-out.test.ts',
  'test/site-data-build.test.ts',
  'pipeline/train/backend.test.ts',
  'pipeline/view/pool.test.ts',
];

export default defineConfig({
  test: {
    // One quick-preset run shared by the suites that need a finished run (test/helpers/quick-run.ts).
    globalSetup: ['test/helpers/global-setup.ts'],
    expect: { requireAssertions: true },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        // In-process unit tests: two files at a time (2 cores). The files of a worker share its
        // module graph (isolate: false): each file re-importing tfjs, apache-arrow and the
        // pipeline cost 102 s of CPU for the 484 tests, 65 s shared (53.8 → 34.3 s wall).
        test: {
          name: 'unit',
          include: ALL,
          exclude: [...configDefaults.exclude, ...HEAVY, ...BROWSER],
          maxWorkers: 2,
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // The browser suites in the unit files' group: two files at a time in all.
        test: {
          name: 'browser',
          include: BROWSER,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // Heavy suites (training, browser): two files at a time (2 cores).
        test: {
          name: 'heavy',
          include: HEAVY,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
