/**
 * One `astro build` at a time per checkout, across test files and processes.
 *
 * When `--outDir` lies outside the working directory (every build the suites and bench:site
 * run goes to a temporary folder), Astro writes its intermediate files to `<cwd>/.astro/`
 * first. Two builds at once in one checkout overwrite each other's files there (one failed
 * with "Cannot find module '.astro/renderers.mjs'"). Test files run side by side, so each
 * build holds this lock: a file created exclusively, holding the owner's pid, so that a lock
 * left by a killed process is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const LOCK = join(
  import.meta.dirname,
  '..',
  '..',
  'node_modules',
  '.cache',
  'structviz-astro.lock',
);
const POLL_MS = 200;

/** Where the lock lives and how long a build waits for another before it fails. */
export interface LockOptions {
  /** @default node_modules/.cache/structviz-astro.lock in this checkout */
  path?: string;
  /** @default 900_000 */
  waitMs?: number;
}

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
  new Error(`astro build: another build held ${path} for ${waitMs / 1000} s`);

/** Runs `build` holding the lock, blocking this thread while another process builds. */
export function withAstroLockSync<T>(build: () => T, options: LockOptions = {}): T {
  const { path = LOCK, waitMs = 900_000 } = options;
  const started = Date.now();
  let release = tryLock(path);
  while (!release) {
    if (Date.now() - started > waitMs) throw timeout(path, waitMs);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
    release = tryLock(path);
  }
  try {
    return build();
  } finally {
    release();
  }
}

/** Runs `build` holding the lock, waiting without blocking while another process builds. */
export async function withAstroLock<T>(
  build: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const { path = LOCK, waitMs = 900_000 } = options;
  const started = Date.now();
  let release = tryLock(path);
  while (!release) {
    if (Date.now() - started > waitMs) throw timeout(path, waitMs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    release = tryLock(path);
  }
  try {
    return await build();
  } finally {
    release();
  }
}
