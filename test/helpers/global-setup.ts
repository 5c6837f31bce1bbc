/**
 * Vitest global setup: one temporary folder per `npm test` for the shared quick-preset run
 * (quick-run.ts), removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    quickRunDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'structviz-quick-'));
  project.provide('quickRunDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
