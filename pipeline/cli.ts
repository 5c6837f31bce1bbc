/**
 * `npm run pipeline -- [options]` and `npm run pipeline -- check`.
 * Exit codes: 0 ok, 1 check found problems or the run failed, 2 bad usage or config.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { BACKEND_CHOICES, DEFAULT_WORKERS, PRESETS, UserError, resolveExperiments } from './config.ts';
import { formatTable } from './progress.ts';
import type { BackendChoice } from './train/backend.ts';

const HELP = `structviz pipeline: train the experiments and write their layouts to data/

Usage:
  npm run pipeline -- [options]        compute (or reuse) every experiment of a preset
  npm run pipeline -- check [--out D]  validate data/ against the contract and manifest

Options:
  --only a,b         run only these experiments (others keep their published files)
  --preset NAME      ${Object.keys(PRESETS).join(' | ')} (default: default)
  --seed N           random seed, integer 0 … 2^32-1 (default: 1)
  --backend NAME     ${BACKEND_CHOICES.join(' | ')} (default: auto)
  --config FILE      JSON overrides: {"seed": 7, "experiments": {"mlp-classes": {"epochs": 10}}}
  --out DIR          output folder (default: data)
  --cache DIR        cache of finished experiments (default: node_modules/.cache/structviz)
  --force            recompute even when the manifest and cache already match
  --workers N        view worker threads, 0 … 16 (default: ${DEFAULT_WORKERS}; 0 = all on one thread;
                     the output is the same bytes for every N)
  -h, --help         show this help
`;

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed) || seed > 2 ** 32 - 1) {
    throw new UserError(`pipeline: --seed must be an integer 0 … 4294967295, got "${text}"`);
  }
  return seed;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        only: { type: 'string' },
        preset: { type: 'string', default: 'default' },
        seed: { type: 'string', default: '1' },
        backend: { type: 'string', default: 'auto' },
        config: { type: 'string' },
        out: { type: 'string', default: 'data' },
        cache: { type: 'string', default: 'node_modules/.cache/structviz' },
        force: { type: 'boolean', default: false },
        workers: { type: 'string', default: String(DEFAULT_WORKERS) },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UserError(`pipeline: ${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const command = positionals[0] ?? 'run';
  if (positionals.length > 1 || !['run', 'check'].includes(command)) {
    throw new UserError(`pipeline: unknown command "${positionals.join(' ')}" (commands: run, check; see --help)`);
  }
  const out = resolve(values.out);
  if (command === 'check') {
    const { checkData } = await import('./check.ts');
    const problems = checkData(out);
    if (problems.length === 0) {
      console.log(`check: ${values.out} is valid`);
      return 0;
    }
    console.error(`check: ${problems.length} problem(s) in ${values.out}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  if (!(BACKEND_CHOICES as readonly string[]).includes(values.backend)) {
    throw new UserError(`pipeline: --backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${values.backend}"`);
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const seed = parseSeed(values.seed);
  const workers = Number(values.workers);
  if (!/^\d+$/.test(values.workers) || workers > 16) throw new UserError(`pipeline: --workers must be an integer 0 … 16, got "${values.workers}"`);
  // Validate everything before loading TensorFlow.js, so usage errors answer at once.
  resolveExperiments({ preset: values.preset, ...(only ? { only } : {}), ...(values.config ? { configPath: values.config } : {}) });
  const { runPipeline } = await import('./run.ts');
  const started = performance.now();
  const summary = await runPipeline({
    preset: values.preset,
    ...(only ? { only } : {}),
    seed,
    backend: values.backend as BackendChoice,
    out,
    cacheDir: resolve(values.cache),
    force: values.force,
    workers,
    ...(values.config ? { configPath: values.config } : {}),
  });
  const rows = summary.rows.map((r) => [r.name, r.status, String(r.snapshots), r.seconds.toFixed(1), String(r.files), (r.bytes / 1e6).toFixed(2), summary.backend]);
  console.log(`\n${formatTable(['experiment', 'status', 'snapshots', 'seconds', 'files', 'MB', 'backend'], rows)}`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s; manifest written to ${values.out}/manifest.json`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UserError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
