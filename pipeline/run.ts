/**
 * The pipeline run: resolve configs, reuse what is cached, compute the rest, then publish
 * every file with renames and the manifest last. Nothing in `out` changes before that point.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, SCHEMA_VERSION, tableFileName, tableSpec, type ExperimentEntry, type FileEntry, type Manifest } from './contract.ts';
import { UserError, resolveExperiments, type ExperimentConfig } from './config.ts';
import { EXPERIMENT_KINDS } from './experiments/registry.ts';
import { dataReadme } from './io/data-readme.ts';
import { StagedWrites, removeStaleTemporaries, sha256 } from './io/atomic.ts';
import { GENERATOR_VERSION, configHash, manifestText, readManifest } from './manifest.ts';
import { createProgress } from './progress.ts';
import { selectBackend, type BackendChoice, type BackendName } from './train/backend.ts';
import { createViewPool, type ViewPool } from './view/pool.ts';
import type { ExperimentDefinition } from './experiments/types.ts';

export interface RunOptions {
  preset: string;
  only?: readonly string[];
  seed: number;
  backend: BackendChoice;
  out: string;
  cacheDir: string;
  force: boolean;
  configPath?: string;
  /** View worker threads (0: inline). Results do not depend on it. */
  workers: number;
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

interface Computed {
  entry: ExperimentEntry;
  files: Map<string, Uint8Array>;
}

function filesMatch(out: string, entry: ExperimentEntry): boolean {
  return entry.files.every((f) => {
    const path = join(out, f.name);
    return existsSync(path) && sha256(readFileSync(path)) === f.sha256;
  });
}

function readCache(dir: string): Computed | undefined {
  const entryPath = join(dir, 'entry.json');
  if (!existsSync(entryPath)) return undefined;
  const entry = JSON.parse(readFileSync(entryPath, 'utf8')) as ExperimentEntry;
  const files = new Map<string, Uint8Array>();
  for (const f of entry.files) {
    const path = join(dir, f.name.split('/').pop() ?? '');
    if (!existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    if (sha256(bytes) !== f.sha256) return undefined;
    files.set(f.name, bytes);
  }
  return { entry, files };
}

function writeCache(dir: string, computed: Computed): void {
  const temp = `${dir}.${process.pid}.partial`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  for (const [name, bytes] of computed.files) writeFileSync(join(temp, name.split('/').pop() ?? name), bytes);
  writeFileSync(join(temp, 'entry.json'), JSON.stringify(computed.entry));
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
}

interface ComputeContext {
  views: ViewPool;
  training: <T>(train: () => Promise<T>) => Promise<T>;
}

async function compute(name: string, config: ExperimentConfig, seed: number, backend: string, hash: string, shared: ComputeContext): Promise<{ computed: Computed; snapshots: number }> {
  // The registry is typed per kind; the config's own kind picks the matching definition.
  const definition = EXPERIMENT_KINDS[config.kind] as ExperimentDefinition<ExperimentConfig> | undefined;
  if (!definition) throw new UserError(`pipeline: unknown experiment kind "${config.kind}"`);
  const progress = createProgress(name);
  const result = await definition.run({ name, config, seed, backend, ...shared, onProgress: (f, d) => progress.update(f, d) });
  progress.done();
  const files = new Map<string, Uint8Array>();
  const entries: FileEntry[] = result.tables.map((t) => {
    const spec = tableSpec(result.entry.kind, t.table);
    if (!spec) throw new Error(`pipeline: ${name} wrote table "${t.table}", which kind ${result.entry.kind} does not have`);
    const file = `${name}/${tableFileName(spec, t.split)}`;
    files.set(file, t.bytes);
    const entry: FileEntry = { name: file, table: t.table, bytes: t.bytes.length, sha256: sha256(t.bytes), rows: t.rows };
    return t.split === undefined ? entry : { ...entry, split: t.split };
  });
  const entry: ExperimentEntry = { ...result.entry, config, configHash: hash, backend, seed, files: entries };
  return { computed: { entry, files }, snapshots: result.snapshotCount };
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

/** Runs the pipeline; throws UserError for bad input, leaving `out` untouched. */
export async function runPipeline(options: RunOptions, log: (line: string) => void = console.log): Promise<RunSummary> {
  const resolved = resolveExperiments(options);
  const seed = resolved.seed ?? options.seed;
  let backend: string;
  try {
    backend = await selectBackend(options.backend);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  log(`structviz pipeline · preset ${options.preset} · seed ${seed} · backend ${backend} · out ${options.out}`);
  removeStaleTemporaries(options.out);
  const previous = readManifest(options.out);
  const usable = previous?.schemaVersion === SCHEMA_VERSION && previous.generatorVersion === GENERATOR_VERSION ? previous : undefined;
  const results = new Map<string, Computed | 'reused'>();
  const views = createViewPool({ workers: options.workers, backend: backend as BackendName });
  const shared: ComputeContext = { views, training: trainingSlot() };
  // Experiments run concurrently: each trains in turn on this thread while earlier ones'
  // views finish in the workers. Every result depends on its own config and seed only.
  const settle = async ([name, config]: [string, ExperimentConfig]): Promise<RunRow> => {
    const started = performance.now();
    const hash = configHash(config, seed, backend);
    const old = usable?.experiments[name];
    let status: RunRow['status'];
    let snapshots: number;
    let entry: ExperimentEntry;
    let result: Computed | 'reused';
    if (!options.force && old?.configHash === hash && filesMatch(options.out, old)) {
      status = 'reused';
      entry = old;
      snapshots = old.snapshots.length;
      result = 'reused';
    } else {
      const cacheDir = join(options.cacheDir, `${name}-${hash}`);
      const cached = options.force ? undefined : readCache(cacheDir);
      if (cached) {
        status = 'cached';
        snapshots = cached.entry.snapshots.length;
        result = cached;
        entry = cached.entry;
      } else {
        const { computed, snapshots: s } = await compute(name, config, seed, backend, hash, shared);
        writeCache(cacheDir, computed);
        status = 'computed';
        snapshots = s;
        result = computed;
        entry = computed.entry;
      }
    }
    results.set(name, result);
    const bytes = entry.files.reduce((sum, f) => sum + f.bytes, 0);
    const seconds = (performance.now() - started) / 1000;
    log(`${name}: ${status} in ${seconds.toFixed(1)} s (${entry.files.length} files, ${(bytes / 1e6).toFixed(2)} MB)`);
    return { name, status, snapshots, seconds, files: entry.files.length, bytes };
  };
  let rows: RunRow[];
  try {
    rows = await Promise.all(resolved.experiments.map(settle));
  } finally {
    await views.close();
  }
  publish(options, seed, backend, previous, results);
  return { backend, rows };
}

function publish(options: RunOptions, seed: number, backend: string, previous: Manifest | undefined, results: Map<string, Computed | 'reused'>): void {
  const experiments: Record<string, ExperimentEntry> = {};
  // Experiments left out by --only keep their published entries.
  if (options.only?.length && previous) Object.assign(experiments, previous.experiments);
  const staged = new StagedWrites();
  const onSignal = (): void => {
    staged.discard();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const [name, result] of results) {
      if (result === 'reused') {
        experiments[name] = previous?.experiments[name] as ExperimentEntry;
        continue;
      }
      experiments[name] = result.entry;
      for (const [file, bytes] of result.files) staged.stage(join(options.out, file), bytes);
    }
    const manifest: Manifest = {
      schemaVersion: SCHEMA_VERSION,
      generatorVersion: GENERATOR_VERSION,
      backend,
      seed,
      preset: options.preset,
      experiments,
    };
    staged.stage(join(options.out, 'README.md'), dataReadme());
    staged.stage(join(options.out, MANIFEST_FILE), manifestText(manifest));
    staged.commit();
    // Files the old manifest owned and the new one does not are ours to remove.
    const current = new Set(Object.values(experiments).flatMap((e) => e.files.map((f) => f.name)));
    for (const e of Object.values(previous?.experiments ?? {})) {
      for (const f of e.files) if (!current.has(f.name)) rmSync(join(options.out, f.name), { force: true });
    }
  } catch (error) {
    staged.discard();
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
