/**
 * Runs computed once per `npm test` and shared by the suites that need a finished run: the
 * quick preset (`--preset quick --backend wasm --out OUT --cache CACHE`, nothing else) and
 * quick mlp-toy with seed 2. The first caller computes a run in a child process, later callers
 * (in this test file or another, also one running beside it) read its record. Each suite
 * copies the folder, or cache entries, before changing them, so a shared run stays as
 * computed. A suite whose test is about computing (a fresh run, a recompute, a kill mid-run)
 * still runs its own.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Manifest } from '../../pipeline/contract.ts';
import { runCli, type CliResult } from './cli.ts';
import { withFileLockSync } from './file-lock.ts';

/** A shared run: its output folder, its cache and what the CLI printed. */
export interface QuickRun extends CliResult {
  readonly out: string;
  readonly cache: string;
}

/** How long a caller waits for a run another test file is computing. */
const WAIT_LIMIT_MS = 600_000;

/**
 * The run `args` (plus its own --out and --cache) under `key`, computed on first use. Test
 * files may run side by side: the first caller takes `key.lock` (file-lock.ts) and computes,
 * the others wait for the lock and read the record, which appears whole (written, then renamed).
 */
function sharedRun(key: string, args: string[]): QuickRun {
  const root = inject('quickRunDir');
  const record = join(root, `${key}.json`);
  const read = (): QuickRun => JSON.parse(readFileSync(record, 'utf8')) as QuickRun;
  if (existsSync(record)) return read();
  return withFileLockSync(
    join(root, `${key}.lock`),
    () => {
      if (existsSync(record)) return read();
      const out = join(root, key, 'out');
      const cache = join(root, key, 'cache');
      // Through tsx, as `npm run pipeline` runs: the suites' other runs (the compiled CLI,
      // cli.ts) are compared with these bytes.
      const result = runCli(
        [...args, '--out', out, '--cache', cache],
        undefined,
        'installed',
        undefined,
        'tsx',
      );
      const run: QuickRun = { ...result, out, cache };
      writeFileSync(`${record}.tmp`, JSON.stringify(run));
      renameSync(`${record}.tmp`, record);
      return run;
    },
    WAIT_LIMIT_MS,
  );
}

/** The shared quick-preset run, computed on first use. */
export function sharedQuickRun(): QuickRun {
  // The backend named: these bytes are compared with other runs' (wasm is also the default).
  return sharedRun('quick', ['--preset', 'quick', '--backend', 'wasm']);
}

/** The shared quick mlp-toy run with seed 2 (`--preset quick --only mlp-toy --seed 2 --backend wasm`). */
export function sharedToySeed2(): QuickRun {
  return sharedRun('toy-seed-2', [
    '--preset',
    'quick',
    '--only',
    'mlp-toy',
    '--seed',
    '2',
    '--backend',
    'wasm',
  ]);
}

/** The shared run with its folder and cache copied to `out` and `cache` (the copy is the caller's to change). */
export function copyQuickRun(out: string, cache: string): QuickRun {
  const run = sharedQuickRun();
  if (existsSync(run.out)) cpSync(run.out, out, { recursive: true });
  if (existsSync(run.cache)) cpSync(run.cache, cache, { recursive: true });
  return { ...run, out, cache };
}

/**
 * Copies the cache entry of experiment `name` from a shared run into `cache` (created), so a
 * run of that experiment there is served from the cache, as after computing it there; returns
 * the entry's folder name. Throws when the shared run failed or has no such experiment.
 */
export function copyCacheEntry(run: QuickRun, name: string, cache: string): string {
  if (run.status !== 0) throw new Error(`shared run failed (exit ${run.status}):\n${run.stderr}`);
  const manifest = JSON.parse(readFileSync(join(run.out, 'manifest.json'), 'utf8')) as Manifest;
  const hash = manifest.experiments[name]?.configHash;
  if (!hash) throw new Error(`shared run ${run.out} has no experiment ${name}`);
  const entry = `${name}-${hash}`;
  mkdirSync(cache, { recursive: true });
  cpSync(join(run.cache, entry), join(cache, entry), { recursive: true });
  return entry;
}
