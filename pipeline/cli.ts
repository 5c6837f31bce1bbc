/**
 * `npm run pipeline -- [options]` and `npm run pipeline -- check`.
 * Exit codes: 0 ok, 1 check found problems or the run failed, 2 bad usage or config
 * (always before any training), 130 interrupted.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BACKEND_CHOICES,
  DEFAULT_TRAIN_WORKERS,
  DEFAULT_WORKERS,
  KIND_NAMES,
  PRESETS,
  UserError,
  presetNamed,
  resolveExperiments,
} from './config.ts';
import { DATASETS } from './data/registry.ts';
import {
  DEFAULT_SEED,
  PUBLISHED_BACKEND,
  PUBLISHED_PRESET,
  defaultOutFolder,
  preflight,
} from './preflight.ts';
import { formatTable } from './progress.ts';
import type { BackendChoice } from './train/backend.ts';

/**
 * The package root, where default folders live whatever directory the user ran from: the
 * nearest folder above this module with a package.json. That is the same folder from
 * pipeline/ and from a compiled copy under node_modules/.cache (the test suite runs one).
 */
function packageRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) return dir;
  return resolve(from, '..');
}
const ROOT = packageRoot(import.meta.dirname);
const DEFAULT_CACHE = 'node_modules/.cache/structviz';

const HELP = `structviz pipeline: train the experiments and write their layouts to a data folder

Usage:
  npm run pipeline -- [options]        compute (or reuse) every experiment of a preset
  npm run pipeline -- check [--out D]  validate a data folder against the contract and manifest
  npm run pipeline -- --list [--preset P] [--config F]
                                       print the experiment names as JSON (to feed a CI matrix)
  npm run pipeline -- merge PART… --out D
                                       one data folder from parts run with --only <name> --out PART
                                       (each must pass check; same preset, seed, backend and
                                       generator version; each experiment once): the bytes of one run
  npm run pipeline -- import DIR [--out D]
                                       lay out your own network's activations (README: "Bring your
                                       own network"); --out defaults to data-import/

Options:
  --only a,b         run only these experiments (others keep their published files)
  --preset NAME      ${Object.keys(PRESETS).join(' | ')} (default: ${PUBLISHED_PRESET})
  --seed N           random seed, integer 0 … 2^32-1 (default: the config file's "seed", else ${DEFAULT_SEED});
                     an explicit --seed wins over the config file's
  --backend NAME     ${BACKEND_CHOICES.join(' | ')} (default: ${PUBLISHED_BACKEND}, whatever is installed: the
                     published data's backend. auto, for exploratory runs, takes native TensorFlow
                     when @tensorflow/tfjs-node is installed and says why; the bytes differ by backend)
  --config FILE      JSON overrides: {"seed": 7, "experiments": {"mlp-classes": {"epochs": 10}}}
  --out DIR          output folder. Default: data/ (the published data) for the ${PUBLISHED_PRESET} preset,
                     data-<preset>/ for other presets; required with --config or a seed other than ${DEFAULT_SEED},
                     so nothing but the published run replaces data/
  --cache DIR        cache of finished experiments (default: ${DEFAULT_CACHE})
  --force            recompute even when the manifest and cache already match
  --require-cached   fail (exit 2, before any training) when an experiment is neither in --out nor in
                     the cache, instead of computing it
  --activations      also write activations-l<layer>.arrow: the float32 hidden activations every kNN
                     view was computed from, for experiments of kind mlp-classes and mlp-scrambled
                     (mlp-classes, mlp-toy, mlp-scrambled in the presets). Off for the published data
                     (about 222 MB for the default preset). Other experiments (mlp-bipartite,
                     vae-beta) are skipped with a line in the log; an error (exit 2) when no selected
                     experiment has such views. Every other file is the same bytes with or without it
  --train-workers N  threads training independent runs at once (vae-beta's β runs), 0 … 16
                     (default: the smaller of ${DEFAULT_TRAIN_WORKERS} and --workers; 0 = on the main thread;
                     the output is the same bytes for every N)
  --workers N        view worker threads, 0 … 16 (default: ${DEFAULT_WORKERS}; 0 = all on one thread;
                     the output is the same bytes for every N)
  -h, --help         show this help

Relative paths are resolved from the directory you ran the command in.
Each flag may be given once.

Experiments by preset:
${Object.entries(PRESETS)
  .map(
    ([preset, experiments]) =>
      `  ${preset.padEnd(9)} ${Object.entries(experiments)
        .map(([name, c]) => `${name} (${c.kind}, ${'dataset' in c ? c.dataset : '?'})`)
        .join(', ')}`,
  )
  .join('\n')}
Experiment kinds (for --config): ${KIND_NAMES.join(', ')}
Datasets: ${Object.keys(DATASETS).join(', ')}

Ctrl-C: before publishing, the run stops and the output folder is untouched (finished
experiments stay cached, so a rerun resumes); during publishing (under a second) the
publish completes first, then the run exits.
`;

const COMMANDS = ['run', 'check', 'merge', 'import'];

const VALUE_OPTIONS = [
  'only',
  'preset',
  'seed',
  'backend',
  'config',
  'out',
  'cache',
  'workers',
  'train-workers',
] as const;

/**
 * `--seed -1` would be a parse error ("ambiguous"); joining a value that looks like a
 * negative number to its flag lets the range check say what is wrong.
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = argv[i + 1];
    if (VALUE_OPTIONS.some((o) => flag === `--${o}`) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${flag}=${next}`);
      i++;
    } else out.push(flag);
  }
  return out;
}

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed) || seed > 2 ** 32 - 1) {
    throw new UserError(`pipeline: --seed must be an integer 0 … 4294967295, got "${text}"`);
  }
  return seed;
}

/** The directory relative paths are resolved from: where the user typed the command. */
function userDirectory(): string {
  // npm runs scripts in the package root and passes the user's directory as INIT_CWD.
  return process.env.npm_lifecycle_event === 'pipeline' && process.env.INIT_CWD
    ? process.env.INIT_CWD
    : process.cwd();
}

/** Parses the command line; every usage problem is a UserError. */
function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      tokens: true,
      options: {
        only: { type: 'string' },
        preset: { type: 'string' },
        seed: { type: 'string' },
        backend: { type: 'string' },
        config: { type: 'string' },
        out: { type: 'string' },
        cache: { type: 'string' },
        force: { type: 'boolean' },
        activations: { type: 'boolean' },
        list: { type: 'boolean' },
        'require-cached': { type: 'boolean' },
        workers: { type: 'string' },
        'train-workers': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    // "argument is ambiguous" / "argument missing": the value is missing (the next word is a flag).
    const flag = /^Option '(-\w, )?(--[\w-]+)[^']*' argument (is ambiguous|missing)/.exec(
      message,
    )?.[2];
    throw new UserError(
      flag ? `pipeline: ${flag} needs a value (see --help)` : `pipeline: ${message} (see --help)`,
    );
  }
  const seen = new Map<string, number>();
  for (const token of parsed.tokens)
    if (token.kind === 'option') seen.set(token.name, (seen.get(token.name) ?? 0) + 1);
  const repeated = [...seen].filter(([, n]) => n > 1).map(([name]) => name);
  if (repeated.length)
    throw new UserError(
      repeated
        .map((name) => `pipeline: --${name} is given more than once; give it once`)
        .join('\n'),
    );
  return parsed;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const command = positionals[0] ?? 'run';
  // merge takes any number of parts, import one folder, the others nothing.
  const tooMany = command !== 'merge' && positionals.length > (command === 'import' ? 2 : 1);
  if (tooMany || !COMMANDS.includes(command)) {
    throw new UserError(
      `pipeline: unknown command "${positionals.join(' ')}" (commands: ${COMMANDS.join(', ')}; see --help)`,
    );
  }
  const here = userDirectory();
  const userPath = (path: string): string => resolve(here, path);
  /** A usage error when flags other than `allowed` are given to `what`. */
  const takesOnly = (what: string, allowed: readonly string[]): void => {
    const extra = Object.keys(values).filter((k) => !allowed.includes(k));
    if (extra.length)
      throw new UserError(
        `pipeline: ${what} takes ${allowed
          .map((k) => `--${k}`)
          .filter((k) => k !== what)
          .join(' and ')} only, got ${extra.map((k) => `--${k}`).join(', ')}`,
      );
  };
  const pathProblems = (['out', 'cache', 'config'] as const).flatMap((flag) => {
    const value = values[flag];
    if (value === undefined) return [];
    if (value.trim() === '') return [`pipeline: --${flag} is empty; give a path`];
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (/[\u0000-\u001f\u007f]/.test(value))
      return [
        `pipeline: --${flag} ${JSON.stringify(value)} contains a control character (a newline?); give a plain path`,
      ];
    return [];
  });
  if (pathProblems.length) throw new UserError(pathProblems.join('\n'));
  if (values.list) {
    if (command !== 'run')
      throw new UserError(`pipeline: --list is not an option of ${command} (see --help)`);
    takesOnly('--list', ['list', 'preset', 'config']);
    const { experiments } = resolveExperiments({
      preset: values.preset ?? PUBLISHED_PRESET,
      ...(values.config !== undefined ? { configPath: userPath(values.config) } : {}),
    });
    console.log(JSON.stringify(experiments.map(([name]) => name)));
    return 0;
  }
  if (command === 'merge') {
    takesOnly('merge', ['out', 'cache']);
    if (values.out === undefined)
      throw new UserError('merge: --out DIR is required (the merged data folder)');
    const { mergeParts } = await import('./merge.ts');
    const cache = values.cache === undefined ? join(ROOT, DEFAULT_CACHE) : userPath(values.cache);
    mergeParts(positionals.slice(1).map(userPath), userPath(values.out), cache);
    return 0;
  }
  if (command === 'check') {
    const dir = values.out === undefined ? join(ROOT, 'data') : userPath(values.out);
    const { checkFolder, folderProblem } = await import('./check.ts');
    // Not a folder at all is a usage error (exit 2); problems inside one are check's (exit 1).
    const notFolder = folderProblem(dir);
    if (notFolder) throw new UserError(`check: ${notFolder}`);
    const { problems, notes } = checkFolder(dir);
    for (const note of notes) console.log(`check: note: ${note}`);
    if (problems.length === 0) {
      console.log(`check: ${dir} is valid`);
      return 0;
    }
    console.error(
      `check: ${problems.length} problem(s) in ${dir}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    return 1;
  }
  const lines: string[] = [];
  // `import DIR`: one experiment of kind imported, validated here before anything else.
  const imported =
    command === 'import' ? await importExperiment(positionals[1], values, userPath) : undefined;
  const preset = imported ? 'import' : (values.preset ?? PUBLISHED_PRESET);
  const backend = values.backend ?? PUBLISHED_BACKEND;
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend))
    lines.push(
      `pipeline: --backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}"`,
    );
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (only?.length === 0)
    lines.push(
      `pipeline: --only "${values.only ?? ''}" names no experiment (known in preset ${preset}: ${Object.keys(presetNamed(preset) ?? {}).join(', ') || 'none'})`,
    );
  let seed: number | undefined;
  try {
    seed = values.seed === undefined ? undefined : parseSeed(values.seed);
  } catch (error) {
    lines.push((error as Error).message);
  }
  const workersText = values.workers ?? String(DEFAULT_WORKERS);
  const workers = Number(workersText);
  if (!/^\d+$/.test(workersText) || workers > 16)
    lines.push(`pipeline: --workers must be an integer 0 … 16, got "${workersText}"`);
  const trainText = values['train-workers'];
  const trainWorkers = trainText === undefined ? undefined : Number(trainText);
  if (trainText !== undefined && (!/^\d+$/.test(trainText) || (trainWorkers ?? 0) > 16))
    lines.push(`pipeline: --train-workers must be an integer 0 … 16, got "${trainText}"`);
  const out =
    values.out !== undefined
      ? userPath(values.out)
      : imported
        ? join(ROOT, 'data-import')
        : defaultOutFolder(ROOT, preset, {
            ...(values.config !== undefined ? { config: values.config } : {}),
            ...(seed !== undefined ? { seed } : {}),
            ...(values.backend !== undefined ? { backend } : {}),
          });
  if (typeof out !== 'string') lines.push(out.problem);
  const options = {
    preset,
    ...(only?.length ? { only } : {}),
    ...(seed !== undefined ? { seed } : {}),
    backend: backend as BackendChoice,
    out: typeof out === 'string' ? out : '',
    cacheDir: values.cache === undefined ? join(ROOT, DEFAULT_CACHE) : userPath(values.cache),
    force: values.force ?? false,
    activations: values.activations ?? false,
    requireCached: values['require-cached'] ?? false,
    workers,
    ...(trainWorkers !== undefined ? { trainWorkers } : {}),
    ...(values.config !== undefined ? { configPath: userPath(values.config) } : {}),
    ...(imported ? { experiments: imported } : {}),
  };
  // Everything that needs no training is checked before TensorFlow.js is loaded, and every
  // problem is reported at once: the flags' and the pre-flight's.
  if (lines.length) {
    if (typeof out === 'string') {
      try {
        preflight(options);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        lines.push(error.message);
      }
    }
    throw new UserError(lines.join('\n'));
  }
  const plan = preflight(options);
  const { runPipeline } = await import('./run.ts');
  const started = performance.now();
  const summary = await runPipeline(options, console.log, plan);
  const rows = summary.rows.map((r) => [
    r.name,
    r.status,
    String(r.snapshots),
    r.seconds.toFixed(1),
    String(r.files),
    (r.bytes / 1e6).toFixed(2),
    summary.backend,
  ]);
  console.log(
    `\n${formatTable(['experiment', 'status', 'snapshots', 'seconds', 'files', 'MB', 'backend'], rows)}`,
  );
  console.log(
    `total ${((performance.now() - started) / 1000).toFixed(1)} s; manifest written to ${join(options.out, 'manifest.json')}`,
  );
  return 0;
}

/**
 * The experiments of `import DIR`: the folder read and validated (one line, exit 2, on the
 * first problem), then one experiment of kind imported with the folder's hash in its config.
 */
async function importExperiment(
  dir: string | undefined,
  values: { preset?: string; only?: string; config?: string; activations?: boolean },
  userPath: (path: string) => string,
): Promise<Record<string, Record<string, unknown>>> {
  if (dir === undefined || dir.trim() === '')
    throw new UserError('import: name the folder: npm run pipeline -- import DIR [--out OUT]');
  const given = (['preset', 'only', 'config', 'activations'] as const).filter(
    (flag) => values[flag] !== undefined,
  );
  if (given.length)
    throw new UserError(`import: --${given[0]} does not apply to import (it runs one folder)`);
  const { ImportError } = await import('./experiments/imported/read-folder.ts');
  const { IMPORT_VIEW_DEFAULTS, importedFolder } = await import('./experiments/imported/config.ts');
  const source = userPath(dir);
  try {
    const folder = importedFolder(source);
    return {
      imported: { kind: 'imported', source, inputHash: folder.inputHash, ...IMPORT_VIEW_DEFAULTS },
    };
  } catch (error) {
    if (error instanceof ImportError) throw new UserError(error.message);
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UserError) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof Error && error.name === 'OutputInvalid') {
      console.error(error.message);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
