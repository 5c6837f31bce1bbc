/**
 * Vitest global setup: one temporary folder per `npm test` for the shared quick-preset run
 * (quick-run.ts), and the pipeline CLI compiled for the suites' child processes
 * (compiled-cli.ts); both removed when the run ends.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { compileCli } from './compiled-cli.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    quickRunDir: string;
    compiledCliDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'structviz-quick-'));
  project.provide('quickRunDir', dir);
  // Under the package root, so that the compiled CLI resolves packages from node_modules.
  const parent = join(import.meta.dirname, '..', '..', 'node_modules', '.cache');
  mkdirSync(parent, { recursive: true });
  const cli = mkdtempSync(join(parent, 'structviz-test-cli-'));
  await compileCli(cli);
  project.provide('compiledCliDir', cli);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cli, { recursive: true, force: true });
  };
}
