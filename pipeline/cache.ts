/**
 * The cache of finished experiments, `<cache>/<name>-<config hash>/`: entry.json (the
 * manifest entry) and the experiment's files. It is only ever a shortcut: an entry that
 * does not verify is discarded with one warning line and the experiment recomputed; a
 * cache that cannot be written costs time on the next run, never this run's result.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentEntry } from './contract.ts';
import { isRunning, sha256 } from './io/atomic.ts';
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

/** The file of a manifest name inside an entry folder: entries are flat. */
function flat(name: string): string {
  return name.split('/').pop() ?? name;
}

/** Why the entry in dir cannot be used, or the entry itself. */
function loadEntry(dir: string): Computed | string {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(dir, ENTRY), 'utf8'));
  } catch (error) {
    return `${ENTRY} is unreadable (${error instanceof SyntaxError ? error.message : fsReason(error)})`;
  }
  const entry = parseEntry(value);
  if (!entry) return `${ENTRY} does not describe an experiment`;
  const files = new Map<string, Uint8Array>();
  for (const f of entry.files) {
    const problem = insideProblem(dir, flat(f.name));
    if (problem) return `file name "${f.name}" ${problem}`;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(dir, flat(f.name)));
    } catch (error) {
      return `${flat(f.name)} is unreadable (${fsReason(error)})`;
    }
    if (sha256(bytes) !== f.sha256) return `${flat(f.name)} does not match its sha256`;
    files.set(f.name, bytes);
  }
  return { entry, files };
}

/** The cached experiment in dir, or undefined (a broken entry is removed, with a warning). */
export function readCache(dir: string, warn: (line: string) => void): Computed | undefined {
  if (!existsSync(join(dir, ENTRY))) return undefined;
  const result = loadEntry(dir);
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
    writeFileSync(join(temp, ENTRY), JSON.stringify(computed.entry));
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
