/**
 * Publishing a run into the data folder with the manifest as the single commit point:
 *   1. every new table file is written under its content-addressed name (never one an
 *      existing manifest points to), each through a temporary and a rename;
 *   2. README.md, then manifest.json, each through a temporary and a rename (the commit);
 *   3. files no manifest references any more are removed, then emptied folders.
 * A kill between any two steps leaves a folder whose manifest and files agree: before step 2
 * the old manifest and its files are untouched, after it the new ones are all in place;
 * the extra files are leftovers that `check` notes and the next publish removes.
 */
import { existsSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MANIFEST_FILE, type Manifest } from './contract.ts';
import { sha256, writeAtomic } from './io/atomic.ts';
import { README_FILE, classifyFolder } from './io/data-folder.ts';
import { dataReadme } from './io/data-readme.ts';
import { ensureDir, pathInside } from './io/safe-path.ts';
import { manifestText } from './manifest.ts';

/**
 * Test hook: `STRUCTVIZ_KILL_AFTER_PUBLISH_STEP=N` sends the process `STRUCTVIZ_KILL_SIGNAL`
 * (default SIGKILL) right after publish step N, to prove every intermediate state is safe.
 */
function stepHook(): () => void {
  const after = Number(process.env.STRUCTVIZ_KILL_AFTER_PUBLISH_STEP ?? NaN);
  const signal = (process.env.STRUCTVIZ_KILL_SIGNAL ?? 'SIGKILL') as NodeJS.Signals;
  let steps = 0;
  return () => {
    steps++;
    if (steps === after) process.kill(process.pid, signal);
  };
}

/** What a publish writes: the new manifest and the bytes of files not yet in the folder. */
export interface PublishInput {
  readonly out: string;
  readonly manifest: Manifest;
  /** Bytes of the manifest's files by name; files already in place with these bytes are kept. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Files the previous manifest listed (any name format): removed unless the new one lists them. */
  readonly previous: readonly string[];
}

/** Publishes; returns the number of steps taken (files written, committed, removed). */
export function publish(input: PublishInput): number {
  const { out, manifest } = input;
  const step = stepHook();
  let steps = 0;
  const done = (): void => {
    steps++;
    step();
  };
  ensureDir(out);
  for (const [name, bytes] of [...input.files].sort(([a], [b]) => a.localeCompare(b))) {
    const path = pathInside(out, name, 'publish');
    if (existsSync(path) && sha256(readFileSync(path)) === sha256(bytes)) continue;
    if (ensureDir(dirname(path)).length) done();
    writeAtomic(path, bytes);
    done();
  }
  const readme = dataReadme();
  const readmePath = join(out, README_FILE);
  if (!existsSync(readmePath) || readFileSync(readmePath, 'utf8') !== readme) {
    writeAtomic(readmePath, readme);
    done();
  }
  writeAtomic(join(out, MANIFEST_FILE), manifestText(manifest));
  done();
  // Committed. Everything below only removes what no manifest references.
  const current = new Set(
    Object.values(manifest.experiments).flatMap((e) => e.files.map((f) => f.name)),
  );
  for (const name of input.previous) {
    if (current.has(name)) continue;
    const path = pathInside(out, name, 'publish');
    if (!existsSync(path)) continue;
    rmSync(path, { force: true });
    done();
  }
  const stray = classifyFolder(out, current);
  for (const name of stray.leftovers) {
    rmSync(join(out, name), { force: true });
    done();
  }
  for (const folder of classifyFolder(out, current).emptyFolders) {
    rmdirSync(join(out, folder));
    done();
  }
  return steps;
}
