/**
 * The pipeline run: pre-flight (every check that needs no training), then reuse what is
 * published or cached, compute the rest, and publish with the manifest as the commit
 * point (publish.ts). Nothing in `out` changes before the publish, except that stale
 * temporaries of killed runs are removed.
 */
import { existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { checkFolder, entryProblems, folderSource } from './check.ts';
import {
  KIND_TABLES,
  SCHEMA_VERSION,
  contentFileName,
  exportsActivations,
  tableSpec,
  type ExperimentEntry,
  type FileEntry,
} from './contract.ts';
import { DEFAULT_TRAIN_WORKERS, UserError, type ExperimentConfig } from './config.ts';
import { readCache, removeStalePartials, writeCache, type Computed } from './cache.ts';
import { kindOf } from './experiments/registry.ts';
import { removeStaleTemporaries, sha256 } from './io/atomic.ts';
import { fsReason } from './io/safe-path.ts';
import { GENERATOR_VERSION, configHash, newManifest } from './manifest.ts';
import { PUBLISHED_BACKEND, preflight, type PreflightOptions, type RunPlan } from './preflight.ts';
import { createProgress } from './progress.ts';
import { publish } from './publish.ts';
import {
  chooseBackend,
  loadsInWorkers,
  namedSelection,
  type BackendChoice,
} from './train/backend.ts';
import { createTrainingShare, type TrainingShare } from './train/shared-training.ts';
import { trainingSlot } from './train/slot.ts';
import { createViewPool, type ViewPool } from './view/pool.ts';

export interface RunOptions extends PreflightOptions {
  backend: BackendChoice;
  force: boolean;
  /** View worker threads (0: inline). Results do not depend on it. */
  workers: number;
  /** Training worker threads for independent runs (vae-beta's β runs; 0: inline). Results do not depend on it. @default min(workers, DEFAULT_TRAIN_WORKERS) */
  trainWorkers?: number;
  /** Also write activations-l<layer>.arrow for the kinds that have it (`--activations`); other files are the same bytes either way. @default false */
  activations?: boolean;
  /** Fail (UserError, before any training) when an experiment is neither in `out` nor in the cache (`--require-cached`). @default false */
  requireCached?: boolean;
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

/** Whether a published entry verifies in out as `check` would verify it (names, bytes, rows, rules). */
function verifies(out: string, name: string, entry: ExperimentEntry): boolean {
  return entryProblems(name, entry, folderSource(out)).length === 0;
}

/** The run's own output fails `check`: exit 1 with the problems, no stack trace. */
export class OutputInvalid extends Error {
  override name = 'OutputInvalid';
}

interface ComputeContext {
  views: ViewPool;
  trainWorkers: number;
  trainingShare: TrainingShare;
}

/** An experiment's training key (its kind's), if the kind has one. */
function trainingKeyOf(config: ExperimentConfig, seed: number): string | undefined {
  return kindOf(config).trainingKey?.(config, seed);
}

async function compute(
  name: string,
  config: ExperimentConfig,
  seed: number,
  backend: string,
  hash: string,
  shared: ComputeContext & { training: <T>(train: () => Promise<T>) => Promise<T> },
  exportActivations: boolean,
): Promise<Computed> {
  const definition = kindOf(config);
  const trainingKey = trainingKeyOf(config, seed);
  const progress = createProgress(name);
  const result = await definition.run({
    name,
    config,
    seed,
    backend,
    ...shared,
    ...(trainingKey !== undefined ? { trainingKey } : {}),
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
  // A named backend is loaded only when something is computed below: a run served wholly from
  // the cache or the published folder never loads TensorFlow.js. 'auto' loads one to learn its name.
  const forced = options.backend === 'auto' ? undefined : options.backend;
  const asUserError = async <T>(select: () => T | Promise<T>): Promise<T> => {
    try {
      return await select();
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  };
  const selection = await asUserError(() =>
    forced ? namedSelection(forced) : chooseBackend('auto'),
  );
  const backend = selection.name;
  // A native backend stays on this thread: views and β runs inline (tensorflow/tfjs#8388).
  const threads = loadsInWorkers(backend)
    ? ''
    : `; views and training on the main thread, the native backend is never loaded in worker threads`;
  const why =
    options.backend === PUBLISHED_BACKEND
      ? `pinned: the published data are ${PUBLISHED_BACKEND} bytes whatever is installed; --backend auto for exploratory runs`
      : selection.why;
  log(
    `structviz pipeline · preset ${options.preset} · seed ${seed} · backend ${backend} (${why}${threads}) · out ${options.out}`,
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
  const workers = threads ? 0 : options.workers;
  // What is published or cached, looked up before anything trains (--require-cached stops here).
  const found = plan.experiments.map(([name, config]) => {
    const hash = configHash(config, seed, backend);
    const old =
      usable && Object.hasOwn(usable.experiments, name) ? usable.experiments[name] : undefined;
    const want = !!options.activations && exportsActivations(config.kind);
    const entryDir = cacheDir && join(cacheDir, `${name}-${hash}`);
    if (
      !options.force &&
      old?.configHash === hash &&
      verifies(options.out, name, old) &&
      hasActivations(old) === want
    )
      return { name, config, hash, want, entryDir, old };
    const stored = options.force || !entryDir ? undefined : readCache(entryDir, name, hash, log);
    const cached = stored && fitActivations(stored, want);
    if (stored && !cached)
      log(`cache: ${name}: the cached entry has no activation files; recomputing`);
    return { name, config, hash, want, entryDir, cached };
  });
  const missing = found.filter((f) => !f.old && !f.cached);
  if (options.requireCached && missing.length)
    throw new UserError(
      missing
        .map(
          (f) =>
            `pipeline: --require-cached: ${f.name} (config hash ${f.hash}) is neither in ${options.out} nor in the cache ${cacheDir ?? '(none)'}; run it there first or drop --require-cached`,
        )
        .join('\n'),
    );
  if (forced && missing.length) await asUserError(() => chooseBackend(forced));
  // No view worker when everything comes from the cache or the published folder: starting one
  // costs about a second of CPU (tsx and tfjs load in each), and nothing would be laid out.
  const views = createViewPool({ workers: missing.length ? workers : 0, backend });
  const trainWorkers = threads
    ? 0
    : (options.trainWorkers ?? Math.min(options.workers, DEFAULT_TRAIN_WORKERS));
  const shared: ComputeContext = {
    views,
    trainWorkers,
    // Experiments computed here that train the same network share one training run.
    trainingShare: createTrainingShare(missing.map((f) => trainingKeyOf(f.config, seed))),
  };
  // Experiments run concurrently: each trains in turn on this thread (in their order) while
  // earlier ones' views finish in the workers. Every result depends on its own config and seed only.
  const slot = trainingSlot(found.length);
  const settle = async (f: (typeof found)[number], rank: number): Promise<RunRow> => {
    try {
      return await settleOne(f, rank);
    } finally {
      slot.end(rank);
    }
  };
  const settleOne = async (f: (typeof found)[number], rank: number): Promise<RunRow> => {
    const { name, config, hash, want, entryDir, old, cached } = f;
    const started = performance.now();
    let status: RunRow['status'];
    let entry: ExperimentEntry;
    let result: Computed | 'reused';
    if (old) {
      [status, entry, result] = ['reused', old, 'reused'];
    } else if (cached) {
      [status, entry, result] = ['cached', cached.entry, cached];
    } else {
      const training = <T>(train: () => Promise<T>): Promise<T> => slot.claim(rank, train);
      result = await compute(name, config, seed, backend, hash, { ...shared, training }, want);
      if (entryDir) writeCache(entryDir, result, log);
      [status, entry] = ['computed', result.entry];
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
    rows = await Promise.all(found.map(settle));
  } finally {
    await views.close();
  }
  await publishRun(options, plan, backend, results, log);
  return { backend, rows };
}

/** Why the device holding out cannot take bytes more, or undefined. */
function spaceProblem(out: string, bytes: number): string | undefined {
  try {
    const fs = statfsSync(existsSync(out) ? out : join(out, '..'));
    const free = fs.bavail * fs.bsize;
    // Margin for the manifest, README and file-system overhead.
    if (free < bytes + 4 * 1024 * 1024)
      return `pipeline: --out ${out}: ${(free / 1e6).toFixed(1)} MB free, the publish needs ${(bytes / 1e6).toFixed(1)} MB; nothing was published (finished experiments are cached: free some space and rerun)`;
  } catch {
    // No statfs: the write itself reports ENOSPC below.
  }
  return undefined;
}

/**
 * Assembles the manifest (with --only, other experiments keep their entries, verified; one
 * that no longer verifies stops the run, its files kept), verifies it as `check` would,
 * publishes it, and checks the folder afterwards. Signals are held from the first step to
 * the last: a Ctrl-C during publishing exits 130 once the folder is consistent.
 */
async function publishRun(
  options: RunOptions,
  plan: RunPlan,
  backend: string,
  results: Map<string, Computed | 'reused'>,
  log: (line: string) => void,
): Promise<void> {
  let interrupted: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals): void => {
    interrupted ??= signal;
  };
  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of SIGNALS) process.on(signal, hold);
  try {
    publishVerified(options, plan, backend, results);
    // A signal that arrived meanwhile waits in libuv's signal pipe until a poll phase hands it
    // to `hold`. Two turns of setImmediate (the check phase) have a poll phase between them
    // whatever phase this code runs in: one turn has none when it runs in the poll phase (as
    // when nothing before it waited on I/O: a run served from the cache loads no backend), and
    // signals were lost, exit 0. Not a timer: its clock is the loop's, stale after the
    // synchronous publish, so a 20 ms timer could fire before that poll.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    if (interrupted) {
      log(
        `pipeline: ${interrupted} during publishing; the publish was completed first, ${options.out} holds the new results`,
      );
      process.exit(130);
    }
  } finally {
    for (const signal of SIGNALS) process.off(signal, hold);
  }
}

/** The synchronous part of publishRun: assemble, verify, publish, check. */
function publishVerified(
  options: RunOptions,
  plan: RunPlan,
  backend: string,
  results: Map<string, Computed | 'reused'>,
): void {
  const experiments = new Map<string, ExperimentEntry>();
  const problems: string[] = [];
  const disk = folderSource(options.out);
  if (options.only?.length && plan.previous) {
    for (const [name, entry] of Object.entries(plan.previous.experiments)) {
      if (results.has(name)) continue;
      // Verified by the pre-flight; a file changed since then stops the run, nothing dropped.
      const kept =
        plan.previous.schemaVersion === SCHEMA_VERSION
          ? entryProblems(name, entry, disk)
          : ['older schema'];
      if (kept.length)
        throw new UserError(
          `pipeline: ${name} changed during the run and no longer verifies (${kept[0] ?? ''}); nothing was published, every file kept (finished experiments are cached: rerun)`,
        );
      experiments.set(name, entry);
    }
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, result] of results) {
    if (result === 'reused') {
      const entry = plan.previous?.experiments[name] as ExperimentEntry;
      experiments.set(name, entry);
      problems.push(...entryProblems(name, entry, disk));
      continue;
    }
    experiments.set(name, result.entry);
    problems.push(
      ...entryProblems(name, result.entry, (f) => result.files.get(f.name) ?? 'not computed'),
    );
    for (const [file, bytes] of result.files) files.set(file, bytes);
  }
  const owners = new Map<string, string>();
  for (const [name, entry] of experiments)
    for (const f of entry.files) {
      const owner = owners.get(f.name);
      if (owner !== undefined)
        problems.push(`${f.name}: listed twice (experiments ${owner} and ${name})`);
      owners.set(f.name, name);
    }
  if (experiments.size === 0) problems.push('the manifest would list no experiment');
  if (problems.length)
    throw new OutputInvalid(
      `pipeline: the run's output does not verify, nothing was published:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  const manifest = newManifest({ backend, seed: plan.seed, preset: options.preset }, experiments);
  const space = spaceProblem(
    options.out,
    [...files.values()].reduce((sum, b) => sum + b.length, 0),
  );
  if (space) throw new UserError(space);
  try {
    publish({ out: options.out, manifest, files, previous: plan.owned });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS' || code === 'EACCES')
      throw new UserError(
        `pipeline: publishing to ${options.out} failed (${fsReason(error)}); the folder holds the previous or the new run, whole (finished experiments are cached: fix it and rerun)`,
      );
    throw error;
  }
  // The run ends with the verification `check` makes.
  const after = checkFolder(options.out).problems;
  if (after.length)
    throw new OutputInvalid(
      `pipeline: ${options.out} fails check after publishing:\n${after.map((p) => `  - ${p}`).join('\n')}`,
    );
}
