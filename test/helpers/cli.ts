/**
 * Runs the pipeline CLI in a child process, as a user would: through tsx as `npm run pipeline`
 * does, or (the default in the suites) its compiled copy (compiled-cli.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { withFileLockSync } from './file-lock.ts';
import { COMPILED_CLI } from './compiled-cli.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
/** Node arguments that load tsx, resolved here so that a child can run from any working directory. */
export const TSX_IMPORT = [
  '--import',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
];
const TSX_CLI_ARGS = [...TSX_IMPORT, join(ROOT, 'pipeline', 'cli.ts')];

/** How a child runs the CLI: `tsx` as `npm run pipeline` does, or the suite's compiled copy. */
export type CliEntry = 'compiled' | 'tsx';

/** Node arguments that run the CLI (`compiled` is tsx outside vitest, which compiles no copy). */
export function cliArgs(entry: CliEntry = 'compiled'): string[] {
  if (entry === 'tsx' || !process.env['VITEST']) return TSX_CLI_ARGS;
  return [join(inject('compiledCliDir'), COMPILED_CLI)];
}

/** How a child process resolves `@tensorflow/tfjs-node`: as installed, a stub (a native backend stand-in) or absent. */
export type TfjsNode = 'installed' | 'stub' | 'absent';

/**
 * Node arguments and environment that make `@tensorflow/tfjs-node` resolve to the stub or to
 * nothing in a child process (test/helpers/tfjs-node/), whatever node_modules holds. With a
 * `log` file, the stub appends one line per load: `main` or `worker <id>`.
 */
export function tfjsNodeLoader(mode: TfjsNode, log?: string) {
  if (mode === 'installed') return { args: [], env: {} };
  const register = join(ROOT, 'test', 'helpers', 'tfjs-node', 'register.mjs');
  return {
    args: ['--import', pathToFileURL(register).href],
    env: { STRUCTVIZ_TFJS_NODE: mode, ...(log ? { STRUCTVIZ_TFJS_NODE_LOG: log } : {}) },
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pipeline <args>` to completion (`tfjsNode`: see tfjsNodeLoader; `entry`: see cliArgs). */
export function runCli(
  args: string[],
  cwd = ROOT,
  tfjsNode: TfjsNode = 'installed',
  log?: string,
  entry: CliEntry = 'compiled',
): CliResult {
  const loader = tfjsNodeLoader(tfjsNode, log);
  const r = spawnSync(process.execPath, [...loader.args, ...cliArgs(entry), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...loader.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A finished child: its exit, the signal that ended it (if any) and how long it ran. */
export interface TimedResult extends CliResult {
  signal: NodeJS.Signals | null;
  ms: number;
}

/** Options of runCliAsync. */
export interface RunOptions {
  /** Working directory. @default ROOT */
  cwd?: string;
  /** Extra environment variables. @default {} */
  env?: Record<string, string>;
  /** SIGKILL the child after this many ms (then `signal` is SIGKILL). @default no limit */
  timeout?: number;
  /** How `@tensorflow/tfjs-node` resolves (see tfjsNodeLoader). @default 'installed' */
  tfjsNode?: TfjsNode;
}

/**
 * `pipeline <args>` to completion without blocking the test's thread, so that independent
 * children can run side by side (test/helpers/lanes.ts); otherwise as runCli.
 */
export function runCliAsync(args: string[], options: RunOptions = {}): Promise<TimedResult> {
  const loader = tfjsNodeLoader(options.tfjsNode ?? 'installed');
  const started = performance.now();
  const child = spawn(process.execPath, [...loader.args, ...cliArgs(), ...args], {
    cwd: options.cwd ?? ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...loader.env, ...options.env },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => stdout.push(d));
  child.stderr.on('data', (d: Buffer) => stderr.push(d));
  const timer =
    options.timeout === undefined
      ? undefined
      : setTimeout(() => child.kill('SIGKILL'), options.timeout);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({
        status,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: performance.now() - started,
      });
    });
  });
}

/** Starts `pipeline <args>` and resolves with the child once it is running. */
export function startCli(
  args: string[],
  cwd = ROOT,
  tfjsNode: TfjsNode = 'installed',
  log?: string,
) {
  const loader = tfjsNodeLoader(tfjsNode, log);
  return spawn(process.execPath, [...loader.args, ...cliArgs(), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...loader.env },
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

/**
 * `env` without the `import.meta.env` values vitest puts on process.env for its own
 * modules: a site built from a test must be built as a user builds it (DEV=1 made its pages
 * read `import.meta.env.DEV` as true).
 */
export function withoutViteEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  for (const key of ['DEV', 'PROD', 'SSR', 'MODE', 'BASE_URL']) delete rest[key];
  return rest;
}

/**
 * One `astro build` at a time per checkout (file-lock.ts). When `--outDir` lies outside the
 * working directory (every build the suites and bench:site run goes to a temporary folder),
 * Astro writes its intermediate files to `<cwd>/.astro/` first: two builds at once in one
 * checkout overwrote each other's files there (one failed with "Cannot find module
 * '.astro/renderers.mjs'").
 */
export const ASTRO_LOCK = join(ROOT, 'node_modules', '.cache', 'structviz-astro.lock');
/** How long a build waits for another before it fails. */
export const ASTRO_WAIT_MS = 900_000;

/** `astro build <args>` in the package root with `env`, holding ASTRO_LOCK; returns the finished process. */
export function astroBuildSync(args: string[], env: NodeJS.ProcessEnv) {
  return withFileLockSync(
    ASTRO_LOCK,
    () =>
      spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/astro.js'), 'build', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 600_000,
        env,
      }),
    ASTRO_WAIT_MS,
  );
}

/**
 * `npm run build -- --data DATA` into `outDir`, as a user builds the explorer for an imported
 * run, with `tmp` as the build's TMPDIR (created); returns the finished process.
 */
export function buildSiteFor(data: string, outDir: string, tmp: string) {
  mkdirSync(tmp, { recursive: true });
  return astroBuildSync(['--data', data, '--outDir', outDir], {
    ...withoutViteEnv(process.env),
    TMPDIR: tmp,
    ASTRO_TELEMETRY_DISABLED: '1',
  });
}
