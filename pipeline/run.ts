/**
 * The pipeline run: pre-flight (every check that needs no training), then reuse what is
 * published or cached, compute the rest, and publish with the manifest as the commit
 * point (publish.ts). Nothing in `out` changes before the publish, except that stale
 * temporaries of killed runs are removed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KIND_TABLES,
  SCHEMA_VERSION,
  contentFileName,
  exportsActivations,
  tableSpec,
  type ExperimentEntry,
  type FileEntry,
  type Manifest,
} from './contract.ts';
import { DEFAULT_TRAIN_WORKERS, UserError, type ExperimentConfig } from './config.ts';
import { readCache, removeStalePartials, writeCache, type Computed } from './cache.ts';
import { EXPERIMENT_KINDS } from './experiments/registry.ts';
import { removeStaleTemporaries, sha256 } from './io/atomic.ts';
import { insideProblem } from './io/safe-path.ts';
import { GENERATOR_VERSION, configHash } from './manifest.ts';
import { preflight, type PreflightOptions, type RunPlan } from './preflight.ts';
import { createProgress } from './progress.ts';
import { publish } from './publish.ts';
import { selectBackend, type BackendChoice, type BackendName } from './train/backend.ts';
import { createViewPool, type ViewPool } from './view/pool.ts';
import type { ExperimentDefinition } from './experiments/types.ts';

export interface RunOptions extends PreflightOptions {
  backend: BackendChoice;
  force: boolean;
  /** View worker threads (0: inline). Results do not depend on it. */
  workers: number;
  /** Training worker threads for independent runs (vae-beta's β runs; 0: inline). Results do not depend on it. @default min(workers, DEFAULT_TRAIN_WORKERS) */
  trainWorkers?: number;
  /** Also write activations-l<layer>.arrow for the kinds that have it (`--activations`); other files are the same bytes either way. @default false */
  activations?: boolean;
}

export interface RunRow {
  name: string;
  status: 'computed' | 'cached' | 'reused';
  snapshots: number;
  seconds: number;
  files: number;
  bytes: number;
}

export interface RunSummary {
  backend: string;
  rows: RunRow[];
}

/** Whether an entry holds activation files, one for every layer. */
function hasActivations(entry: ExperimentEntry): boolean {
  return (
    entry.files.some((f) => f.table === 'activations') &&
    entry.layers.every((l) =>
      entry.files.some((f) => f.table === 'activations' && f.split === l.index),
    )
  );
}

/**
 * A cached experiment as this run publishes it: one without the activation files a run with
 * --activations needs is unusable (undefined: recompute, and the cache then holds them);
 * without --activations, cached activation files are dropped (the other files do not depend
 * on the flag).
 */
function fitActivations(cached: Computed, want: boolean): Computed | undefined {
  if (want) return hasActivations(cached.entry) ? cached : undefined;
  if (!cached.entry.files.some((f) => f.table === 'activations')) return cached;
  const files = cached.entry.files.filter((f) => f.table !== 'activations');
  return {
    entry: { ...cached.entry, files },
    files: new Map(files.map((f) => [f.name, cached.files.get(f.name) as Uint8Array])),
  };
}

/**
 * The line about --activations for experiments that have no activation views, or a UserError
 * when none of the run's experiments has any (the flag would do nothing).
 */
export function activationsNote(experiments: readonly [string, ExperimentConfig][]): string {
  const without = experiments.filter(([, c]) => !exportsActivations(c.kind));
  const named = without.map(([name, c]) => `${name} (${c.kind})`).join(', ');
  if (without.length === experiments.length)
    throw new UserError(
      `pipeline: --activations: no selected experiment has kNN views of activations (${named}); the kinds that have them: ${Object.keys(KIND_TABLES).filter(exportsActivations).join(', ')}`,
    );
  return without.length
    ? `pipeline: --activations: ${named} ${without.length > 1 ? 'have' : 'has'} no kNN views of activations; no activation files for ${without.length > 1 ? 'them' : 'it'}`
    : '';
}

/** Whether every file of a published entry is in out with its bytes and its current name. */
function filesMatch(out: string, entry: ExperimentEntry): boolean {
  return entry.files.every((f) => {
    const spec = tableSpec(entry.kind, f.table);
    if (!spec || f.name !== `${f.name.split('/')[0]}/${contentFileName(spec, f.split, f.sha256)}`)
      return false;
    const path = join(out, f.name);
    return (
      insideProblem(out, f.name) === undefined &&
      existsSync(path) &&
      sha256(readFileSync(path)) === f.sha256
    );
  });
}

interface ComputeContext {
  views: ViewPool;
  trainWorkers: number;
  training: <T>(train: () => Promise<T>) => Promise<T>;
}

async function compute(
  name: string,
  config: ExperimentConfig,
  seed: number,
  backend: string,
  hash: string,
  shared: ComputeContext,
  exportActivations: boolean,
): Promise<Computed> {
  // The registry is typed per kind; the config's own kind picks the matching definition.
  const definition = EXPERIMENT_KINDS[config.kind] as
    ExperimentDefinition<ExperimentConfig> | undefined;
  if (!definition) throw new UserError(`pipeline: unknown experiment kind "${config.kind}"`);
  const progress = createProgress(name);
  const result = await definition.run({
    name,
    config,
    seed,
    backend,
    ...shared,
    exportActivations,
    onProgress: (f, d) => progress.update(f, d),
  });
  progress.done();
  const files = new Map<string, Uint8Array>();
  const entries: FileEntry[] = result.tables.map((t) => {
    const spec = tableSpec(result.entry.kind, t.table);
    if (!spec)
      throw new Error(
        `pipeline: ${name} wrote table "${t.table}", which kind ${result.entry.kind} does not have`,
      );
    const hash = sha256(t.bytes);
    const file = `${name}/${contentFileName(spec, t.split, hash)}`;
    files.set(file, t.bytes);
    const entry: FileEntry = {
      name: file,
      table: t.table,
      bytes: t.bytes.length,
      sha256: hash,
      rows: t.rows,
    };
    return t.split === undefined ? entry : { ...entry, split: t.split };
  });
  const entry: ExperimentEntry = {
    ...result.entry,
    config,
    configHash: hash,
    backend,
    seed,
    files: entries,
  };
  return { entry, files };
}

/** Runs `train` calls one at a time, in call order. */
function trainingSlot(): <T>(train: () => Promise<T>) => Promise<T> {
  let slot: Promise<unknown> = Promise.resolve();
  return <T>(train: () => Promise<T>): Promise<T> => {
    const run = slot.then(train);
    slot = run.catch(() => undefined);
    return run;
  };
}

/**
 * Runs the pipeline; throws UserError for bad input before any work, leaving `out`
 * untouched. `plan` is the pre-flight's result when the caller already ran it.
 */
export async function runPipeline(
  options: RunOptions,
  log: (line: string) => void = console.log,
  plan: RunPlan = preflight(options),
): Promise<RunSummary> {
  const { seed, cacheDir, previous } = plan;
  for (const warning of plan.warnings) log(warning);
  const note = options.activations ? activationsNote(plan.experiments) : '';
  if (note) log(note);
  if (plan.overriddenSeed !== undefined)
    log(`pipeline: --seed ${seed} overrides the config file's seed ${plan.overriddenSeed}`);
  let backend: string;
  try {
    backend = await selectBackend(options.backend);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  log(
    `structviz pipeline · preset ${options.preset} · seed ${seed} · backend ${backend} · out ${options.out}`,
  );
  const stale = removeStaleTemporaries(options.out);
  if (stale.length)
    log(
      `pipeline: removed ${stale.length} temporary file(s) of an interrupted run from ${options.out}`,
    );
  if (cacheDir && removeStalePartials(cacheDir))
    log(`cache: removed unfinished entries of an interrupted run from ${cacheDir}`);
  const usable = previous?.generatorVersion === GENERATOR_VERSION ? previous : undefined;
  const results = new Map<string, Computed | 'reused'>();
  const views = createViewPool({ workers: options.workers, backend: backend as BackendName });
  const trainWorkers = options.trainWorkers ?? Math.min(options.workers, DEFAULT_TRAIN_WORKERS);
  const shared: ComputeContext = { views, trainWorkers, training: trainingSlot() };
  // Experiments run concurrently: each trains in turn on this thread while earlier ones'
  // views finish in the workers. Every result depends on its own config and seed only.
  const settle = async ([name, config]: [string, ExperimentConfig]): Promise<RunRow> => {
    const started = performance.now();
    const hash = configHash(config, seed, backend);
    const old = usable?.experiments[name];
    const want = !!options.activations && exportsActivations(config.kind);
    let status: RunRow['status'];
    let entry: ExperimentEntry;
    let result: Computed | 'reused';
    if (
      !options.force &&
      old?.configHash === hash &&
      filesMatch(options.out, old) &&
      hasActivations(old) === want
    ) {
      status = 'reused';
      entry = old;
      result = 'reused';
    } else {
      const entryDir = cacheDir && join(cacheDir, `${name}-${hash}`);
      const stored = options.force || !entryDir ? undefined : readCache(entryDir, log);
      const cached = stored && fitActivations(stored, want);
      if (stored && !cached)
        log(`cache: ${name}: the cached entry has no activation files; recomputing`);
      if (cached) {
        status = 'cached';
        result = cached;
      } else {
        result = await compute(name, config, seed, backend, hash, shared, want);
        if (entryDir) writeCache(entryDir, result, log);
        status = 'computed';
      }
      entry = result.entry;
    }
    results.set(name, result);
    const bytes = entry.files.reduce((sum, f) => sum + f.bytes, 0);
    const seconds = (performance.now() - started) / 1000;
    log(
      `${name}: ${status} in ${seconds.toFixed(1)} s (${entry.files.length} files, ${(bytes / 1e6).toFixed(2)} MB)`,
    );
    return {
      name,
      status,
      snapshots: entry.snapshots.length,
      seconds,
      files: entry.files.length,
      bytes,
    };
  };
  let rows: RunRow[];
  try {
    rows = await Promise.all(plan.experiments.map(settle));
  } finally {
    await views.close();
  }
  await publishRun(options, plan, backend, results, log);
  return { backend, rows };
}

/** Assembles the manifest (with --only, other experiments keep their entries) and publishes it. */
async function publishRun(
  options: RunOptions,
  plan: RunPlan,
  backend: string,
  results: Map<string, Computed | 'reused'>,
  log: (line: string) => void,
): Promise<void> {
  const experiments: Record<string, ExperimentEntry> = {};
  if (options.only?.length && plan.previous) {
    for (const [name, entry] of Object.entries(plan.previous.experiments)) {
      if (results.has(name)) continue;
      if (plan.previous.schemaVersion === SCHEMA_VERSION && filesMatch(options.out, entry))
        experiments[name] = entry;
      else
        log(
          `pipeline: dropping ${name} from the manifest: its published files are missing, changed or named by an older generator (run it again)`,
        );
    }
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, result] of results) {
    if (result === 'reused') {
      experiments[name] = plan.previous?.experiments[name] as ExperimentEntry;
      continue;
    }
    experiments[name] = result.entry;
    for (const [file, bytes] of result.files) files.set(file, bytes);
  }
  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    generatorVersion: GENERATOR_VERSION,
    backend,
    seed: plan.seed,
    preset: options.preset,
    experiments: Object.fromEntries(
      Object.entries(experiments).sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
  // The publish is synchronous: a Ctrl-C during it is held until it has completed (the
  // folder is then fully new), and the run exits 130 after saying so.
  let interrupted: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals): void => {
    interrupted = signal;
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    publish({ out: options.out, manifest, files, previous: plan.owned });
    await new Promise((resolve) => setTimeout(resolve, 20)); // let a signal that arrived meanwhile reach `hold`
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  }
  if (interrupted) {
    log(
      `pipeline: ${interrupted} during publishing; the publish was completed first, ${options.out} holds the new results`,
    );
    process.exit(130);
  }
}
