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
/** How long a build waits for another before it fails. */
const WAIT_LIMIT_MS = 900_000;
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

/** Takes the lock if free (or left by a dead process); returns its release, or undefined. */
function tryLock(): (() => void) | undefined {
  mkdirSync(dirname(LOCK), { recursive: true });
  let fd: number;
  try {
    fd = openSync(LOCK, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let text: string;
    let age: number;
    try {
      text = readFileSync(LOCK, 'utf8');
      age = Date.now() - statSync(LOCK).mtimeMs;
    } catch {
      return undefined; // released meanwhile: try again on the next poll
    }
    // A dead owner's lock is stale; so is an empty one (its owner died before writing) after 10 s.
    const owner = Number(text);
    const stale = text === '' ? age > 10_000 : Number.isInteger(owner) && !alive(owner);
    if (stale) rmSync(LOCK, { force: true });
    return undefined;
  }
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => rmSync(LOCK, { force: true });
}

const timeout = () =>
  new Error(`astro build: another build held ${LOCK} for ${WAIT_LIMIT_MS / 1000} s`);

/** Runs `build` holding the lock, blocking this thread while another process builds. */
export function withAstroLockSync<T>(build: () => T): T {
  const started = Date.now();
  let release = tryLock();
  while (!release) {
    if (Date.now() - started > WAIT_LIMIT_MS) throw timeout();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
    release = tryLock();
  }
  try {
    return build();
  } finally {
    release();
  }
}

/** Runs `build` holding the lock, waiting without blocking while another process builds. */
export async function withAstroLock<T>(build: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let release = tryLock();
  while (!release) {
    if (Date.now() - started > WAIT_LIMIT_MS) throw timeout();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    release = tryLock();
  }
  try {
    return await build();
  } finally {
    release();
  }
}
