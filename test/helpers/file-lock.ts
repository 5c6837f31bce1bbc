/**
 * A lock between processes: a file created exclusively, holding its owner's pid, so that a
 * lock left by a killed process is taken over. The suites' test files run side by side; they
 * take one lock per shared quick run (quick-run.ts) and one for every `astro build` in the
 * checkout (ASTRO_LOCK in cli.ts).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const POLL_MS = 200;

/** Whether process `pid` is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `path` if free (or left by a dead process); returns its release, or undefined. */
function tryLock(path: string): (() => void) | undefined {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let text: string;
    let age: number;
    try {
      text = readFileSync(path, 'utf8');
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      return undefined; // released meanwhile: try again on the next poll
    }
    // A dead owner's lock is stale; so is an empty one (its owner died before writing) after 10 s.
    const owner = Number(text);
    const stale = text === '' ? age > 10_000 : Number.isInteger(owner) && !alive(owner);
    if (stale) rmSync(path, { force: true });
    return undefined;
  }
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => rmSync(path, { force: true });
}

const timeout = (path: string, waitMs: number) =>
  new Error(`${path}: held by another process for ${waitMs / 1000} s`);

/** Runs `work` holding the lock at `path`, blocking this thread while another process holds it. */
export function withFileLockSync<T>(path: string, work: () => T, waitMs: number): T {
  const started = Date.now();
  let release = tryLock(path);
  while (!release) {
    if (Date.now() - started > waitMs) throw timeout(path, waitMs);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
    release = tryLock(path);
  }
  try {
    return work();
  } finally {
    release();
  }
}

/** Runs `work` holding the lock at `path`, waiting without blocking while another process holds it. */
export async function withFileLock<T>(
  path: string,
  work: () => Promise<T>,
  waitMs: number,
): Promise<T> {
  const started = Date.now();
  let release = tryLock(path);
  while (!release) {
    if (Date.now() - started > waitMs) throw timeout(path, waitMs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    release = tryLock(path);
  }
  try {
    return await work();
  } finally {
    release();
  }
}
