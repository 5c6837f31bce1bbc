/**
 * The cache of finished experiments, `<cache>/<name>-<config hash>/`: entry.json (the
 * manifest entry), entry.sha256 (its hash) and the experiment's files. It is only ever a
 * shortcut: an entry is verified as a whole (entry.json against its hash, the config hash
 * against the folder's, every file against the entry with `check`'s rules) and one that does
 * not verify is discarded with one warning line and the experiment recomputed; a cache that
 * cannot be written costs time on the next run, never this run's result.
 */
import { existsSync, lstatSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryProblems } from './check.ts';
import type { ExperimentEntry } from './contract.ts';
import { isRunning, sha256 } from './io/atomic.ts';
import { READ_LIMITS, UnreadableFile, readBounded } from './io/read-bounded.ts';
import { ensureDir, fsReason, insideProblem } from './io/safe-path.ts';
import { parseEntry } from './manifest-schema.ts';

/** A finished experiment: its manifest entry and the bytes of its files by manifest name. */
export interface Computed {
  entry: ExperimentEntry;
  files: Map<string, Uint8Array>;
}

/** Suffix of a cache entry being written; a killed run can leave one behind. */
export const PARTIAL_SUFFIX = '.partial';

const ENTRY = 'entry.json';
/** sha256 of entry.json's bytes: an edited entry (rows, summary) does not verify. */
const ENTRY_HASH = 'entry.sha256';

/** The file of a manifest name inside an entry folder: entries are flat. */
function flat(name: string): string {
  return name.split('/').pop() ?? name;
}

/** Reads a file of a cache entry: a regular file, bounded, never through a link. */
function readEntryFile(path: string, limit: number): Buffer | string {
  try {
    return readBounded(path, limit);
  } catch (error) {
    if (error instanceof UnreadableFile)
      return error.message.slice(path.length).replace(/^:/, '').trim();
    throw error;
  }
}

/** Why the entry in dir (of experiment name, config hash hash) cannot be used, or the entry itself. */
function loadEntry(dir: string, name: string, hash: string): Computed | string {
  const text = readEntryFile(join(dir, ENTRY), READ_LIMITS.manifest);
  if (typeof text === 'string') return `${ENTRY}: ${text}`;
  const recorded = readEntryFile(join(dir, ENTRY_HASH), 128);
  if (typeof recorded === 'string') return `${ENTRY_HASH}: ${recorded}`;
  if (recorded.toString('utf8').trim() !== sha256(text))
    return `${ENTRY} does not match ${ENTRY_HASH} (edited or corrupt)`;
  let value: unknown;
  try {
    value = JSON.parse(text.toString('utf8'));
  } catch (error) {
    return `${ENTRY} is unreadable (${(error as Error).message})`;
  }
  const entry = parseEntry(value);
  if (!entry) return `${ENTRY} does not describe an experiment`;
  if (entry.configHash !== hash)
    return `${ENTRY} is for config hash ${entry.configHash}, not ${hash}`;
  const files = new Map<string, Uint8Array>();
  const problems = entryProblems(name, entry, (f) => {
    const problem = insideProblem(dir, flat(f.name));
    if (problem) return `file name ${problem}`;
    const bytes = readEntryFile(join(dir, flat(f.name)), Math.min(f.bytes, READ_LIMITS.table));
    if (typeof bytes !== 'string') files.set(f.name, bytes);
    return bytes;
  });
  if (problems.length) return problems[0] ?? '';
  return { entry, files };
}

/**
 * The cached experiment `name` (config hash `hash`) in dir, or undefined (a broken entry is
 * removed, with a warning).
 */
export function readCache(
  dir: string,
  name: string,
  hash: string,
  warn: (line: string) => void,
): Computed | undefined {
  let isFolder: boolean;
  try {
    isFolder = lstatSync(dir).isDirectory();
  } catch {
    return undefined;
  }
  if (isFolder && !existsSync(join(dir, ENTRY))) return undefined;
  const result = isFolder ? loadEntry(dir, name, hash) : 'it is not a folder';
  if (typeof result !== 'string') return result;
  warn(`cache: discarding ${dir}: ${result}; recomputing`);
  rmSync(dir, { recursive: true, force: true });
  return undefined;
}

/** Stores a finished experiment in dir (written aside, then renamed); failures only warn. */
export function writeCache(dir: string, computed: Computed, warn: (line: string) => void): void {
  const temp = `${dir}.${process.pid}${PARTIAL_SUFFIX}`;
  try {
    rmSync(temp, { recursive: true, force: true });
    ensureDir(temp);
    for (const [name, bytes] of computed.files) writeFileSync(join(temp, flat(name)), bytes);
    const entry = JSON.stringify(computed.entry);
    writeFileSync(join(temp, ENTRY), entry);
    writeFileSync(join(temp, ENTRY_HASH), `${sha256(entry)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(temp, dir);
  } catch (error) {
    warn(
      `cache: could not store ${dir} (${fsReason(error)}); the next run recomputes this experiment`,
    );
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Removes `*.<pid>.partial` entries of runs that are no longer running; returns how many. */
export function removeStalePartials(cacheDir: string): number {
  if (!existsSync(cacheDir)) return 0;
  let removed = 0;
  for (const entry of readdirSync(cacheDir)) {
    const pid = /\.(\d+)\.partial$/.exec(entry)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    rmSync(join(cacheDir, entry), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
