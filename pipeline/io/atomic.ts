/**
 * Crash-safe writes: a file is written to a temporary sibling (`<name>.<pid>.tmp`) and
 * renamed into place, so a reader never sees half a file. A killed run can leave a
 * temporary behind; the next run removes those whose process is gone.
 */
import { createHash } from 'node:crypto';
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDir } from './safe-path.ts';

export const TEMP_SUFFIX = '.tmp';

/** sha256 hex digest of bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes bytes to `final.<pid>.tmp`, then renames it to final (one atomic step for readers). */
export function writeAtomic(final: string, bytes: Uint8Array | string): void {
  const temp = `${final}.${process.pid}${TEMP_SUFFIX}`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, final);
  } catch (error) {
    rmSync(temp, { force: true }); // ENOSPC and friends: leave no half-written temporary
    throw error;
  }
}

/** Collects files as temporaries, then publishes them all with renames (or discards them). */
export class StagedWrites {
  private readonly staged: { temp: string; final: string }[] = [];

  /** Writes bytes to `final + '.<pid>.tmp'`; nothing is visible under `final` yet. */
  stage(final: string, bytes: Uint8Array | string): void {
    ensureDir(dirname(final));
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

/** Whether a process id belongs to a running process (another run may own the temporary). */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return false; // ours from an earlier life: this process has written nothing yet
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `*.<pid>.tmp` files under dir (one folder level deep) whose run is gone; returns their names. */
export function removeStaleTemporaries(dir: string): string[] {
  const removed: string[] = [];
  const visit = (folder: string, prefix: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const pid = /[.-](\d+)\.tmp$/.exec(entry.name)?.[1];
      if (entry.isFile() && pid !== undefined && !isRunning(Number(pid))) {
        rmSync(join(folder, entry.name), { force: true });
        removed.push(`${prefix}${entry.name}`);
      } else if (entry.isDirectory() && depth > 0)
        visit(join(folder, entry.name), `${prefix}${entry.name}/`, depth - 1);
    }
  };
  visit(dir, '', 1);
  return removed;
}
