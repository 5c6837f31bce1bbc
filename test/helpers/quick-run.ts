/**
 * The quick preset computed once per `npm test` and shared by the suites that need a finished
 * run (`--preset quick --backend wasm --out OUT --cache CACHE`, nothing else): the first caller computes it
 * in a child process, later callers (test files run one after another) read its record. Each
 * suite copies the folder and cache before changing them, so the shared run stays as computed.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { runCli, type CliResult } from './cli.ts';

/** The shared run: its output folder, its cache and what the CLI printed. */
export interface QuickRun extends CliResult {
  readonly out: string;
  readonly cache: string;
}

/** The shared quick-preset run, computed on first use. */
export function sharedQuickRun(): QuickRun {
  const root = inject('quickRunDir');
  const record = join(root, 'run.json');
  if (existsSync(record)) return JSON.parse(readFileSync(record, 'utf8')) as QuickRun;
  const out = join(root, 'out');
  const cache = join(root, 'cache');
  // The backend named: these bytes are compared with other runs' (wasm is also the default).
  const result = runCli(['--preset', 'quick', '--backend', 'wasm', '--out', out, '--cache', cache]);
  const run: QuickRun = { ...result, out, cache };
  writeFileSync(record, JSON.stringify(run));
  return run;
}

/** The shared run with its folder and cache copied to `out` and `cache` (the copy is the caller's to change). */
export function copyQuickRun(out: string, cache: string): QuickRun {
  const run = sharedQuickRun();
  if (existsSync(run.out)) cpSync(run.out, out, { recursive: true });
  if (existsSync(run.cache)) cpSync(run.cache, cache, { recursive: true });
  return { ...run, out, cache };
}
