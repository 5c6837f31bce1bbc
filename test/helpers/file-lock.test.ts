import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withFileLock, withFileLockSync } from './file-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the file lock', () => {
  it('runs one holder at a time, in turn, and removes the lock after each', async () => {
    const path = join(dir, 'turns.lock');
    const events: string[] = [];
    let releaseFirst = (): void => undefined;
    const first = withFileLock(
      path,
      () =>
        new Promise<void>((resolve) => {
          events.push('first in');
          releaseFirst = () => {
            events.push('first out');
            resolve();
          };
        }),
      10_000,
    );
    const second = withFileLock(
      path,
      async () => {
        events.push('second in');
        await Promise.resolve();
      },
      10_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(events).toEqual(['first in']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose owner died, and fails after the wait when the owner lives', () => {
    const path = join(dir, 'stale.lock');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(path, String(dead));
    expect(withFileLockSync(path, () => 'built', 5_000)).toBe('built');
    writeFileSync(path, String(process.pid));
    expect(() => withFileLockSync(path, () => 'built', 500)).toThrow(
      /stale\.lock: held by another process for 0\.5 s/,
    );
    expect(existsSync(path)).toBe(true);
  });
});
