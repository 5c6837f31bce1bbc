/** Runs the pipeline CLI in a child process, as a user would. */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(import.meta.dirname, '..', '..');
// tsx resolved here, so the CLI can run from any working directory.
export const CLI_ARGS = [
  '--import',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
  join(ROOT, 'pipeline', 'cli.ts'),
];

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pipeline <args>` to completion. */
export function runCli(args: string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `pipeline <args>` and resolves with the child once it is running. */
export function startCli(args: string[], cwd = ROOT) {
  return spawn(process.execPath, [...CLI_ARGS, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** sha256 of every file under dir, by relative path: a fingerprint of a data folder. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}
