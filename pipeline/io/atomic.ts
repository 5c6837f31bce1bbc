/**
 * Crash-safe writes: every file goes to a temporary sibling first and is renamed into place
 * only after the whole experiment succeeded, so an interrupted run leaves data/ untouched.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const TEMP_SUFFIX = '.tmp';

/** sha256 hex digest of bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Collects files as temporaries, then publishes them all with renames (or discards them). */
export class StagedWrites {
  private readonly staged: { temp: string; final: string }[] = [];

  /** Writes bytes to `final + '.<pid>.tmp'`; nothing is visible under `final` yet. */
  stage(final: string, bytes: Uint8Array | string): void {
    mkdirSync(dirname(final), { recursive: true });
    const temp = `${final}.${process.pid}${TEMP_SUFFIX}`;
    writeFileSync(temp, bytes);
    this.staged.push({ temp, final });
  }

  /** Renames every staged file into place, in staging order. */
  commit(): void {
    for (const { temp, final } of this.staged) renameSync(temp, final);
    this.staged.length = 0;
  }

  /** Deletes every staged temporary. Safe to call more than once. */
  discard(): void {
    for (const { temp } of this.staged) rmSync(temp, { force: true });
    this.staged.length = 0;
  }
}

/** Removes temporaries left by a killed run (any `*.tmp` under dir). */
export function removeStaleTemporaries(dir: string): number {
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(TEMP_SUFFIX)) {
      rmSync(join(entry.parentPath, entry.name), { force: true });
      removed++;
    }
  }
  return removed;
}
