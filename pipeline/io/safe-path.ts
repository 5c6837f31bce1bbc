/**
 * Paths the pipeline reads, writes or deletes on behalf of a manifest stay inside their
 * folder: the name must be safe text (contract `dataPathProblem`) and no folder on the way,
 * nor the file itself, may be a symbolic link (which could point anywhere).
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { dataPathProblem } from '../contract.ts';

/** Why `root/name` would leave root, or undefined when it stays inside. */
export function insideProblem(root: string, name: string): string | undefined {
  const text = dataPathProblem(name);
  if (text) return text;
  let path = root;
  for (const segment of name.split('/')) {
    path = join(path, segment);
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      return undefined; // nothing further exists, so nothing further can be a link
    }
    if (link) return `goes through the symbolic link ${path}, which may point outside the folder`;
  }
  return undefined;
}

/** `root/name`, or an error naming the name and what is wrong with it. */
export function pathInside(root: string, name: string, what: string): string {
  const problem = insideProblem(root, name);
  if (problem) throw new PathError(`${what}: "${name}" ${problem}`);
  return join(root, name);
}

/** A path from a manifest or cache entry that would leave its folder. */
export class PathError extends Error {
  override name = 'PathError';
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is a file, not a folder',
  ENOENT: 'the parent folder does not accept new folders',
  ENOSPC: 'no space left on the device',
  EEXIST: 'a file of that name is in the way',
};

/** `CODE, reason` of a file-system error, for one-line messages. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}${REASONS[code] ? `: ${REASONS[code]}` : ''}` : String(error);
}

/**
 * Creates dir and its missing parents one level at a time; returns the folders it created,
 * outermost first. Node's recursive mkdirSync spins forever under /proc (it retries
 * ENOENT); this fails at once with the first error.
 */
export function ensureDir(dir: string): string[] {
  const missing: string[] = [];
  let path = resolve(dir);
  while (!existsSync(path)) {
    missing.push(path);
    const parent = dirname(path);
    if (parent === path) break;
    path = parent;
  }
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw Object.assign(new Error(`${path} is a file, not a folder`), { code: 'ENOTDIR' });
  }
  const created: string[] = [];
  for (const m of missing.reverse()) {
    mkdirSync(m);
    created.push(m);
  }
  return created;
}

/**
 * Undefined when dir exists or can be created and a file can be written in it, else why
 * not. Leaves no trace: a probe file and any folder it had to create are removed again.
 */
export function writableProblem(dir: string): string | undefined {
  let created: string[] = [];
  try {
    if (existsSync(dir) && !statSync(dir).isDirectory()) return 'it is a file, not a folder';
    created = ensureDir(dir);
    const probe = join(dir, `.structviz-probe-${process.pid}.tmp`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    return fsReason(error);
  } finally {
    for (const folder of created.reverse()) rmdirSync(folder);
  }
}
