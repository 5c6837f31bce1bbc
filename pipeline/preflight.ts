/**
 * Everything a run can know before it trains: the configs (and that their sizes fit the
 * datasets), the output folder (creatable, writable, a pipeline folder, a manifest whose
 * file names stay inside it) and the cache (writable, or a warning). Every problem is one
 * line; all of them are reported together, before TensorFlow.js is even loaded.
 */
import { existsSync, lstatSync, statfsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { entryProblems, folderSource } from './check.ts';
import { MANIFEST_FILE, SCHEMA_VERSION, type Manifest } from './contract.ts';
import { UserError, resolveExperiments, type ExperimentConfig } from './config.ts';
import { classifyFolder } from './io/data-folder.ts';
import { READ_LIMITS, UnreadableFile, fileTypeName, readBounded } from './io/read-bounded.ts';
import { fsReason, insideProblem, writableProblem } from './io/safe-path.ts';
import { ownedFileNames, parseManifestText } from './manifest-schema.ts';

export interface PreflightOptions {
  preset: string;
  only?: readonly string[];
  /** An explicit seed (the --seed flag) wins over the config file's. */
  seed?: number;
  out: string;
  cacheDir: string;
  configPath?: string;
  /** Exactly these experiments instead of the preset's (`import DIR`); `preset` then only names the run. */
  experiments?: Record<string, Record<string, unknown>>;
}

/** What the run needs from the pre-flight. */
export interface RunPlan {
  readonly experiments: [string, ExperimentConfig][];
  readonly seed: number;
  /** The config file's seed when --seed overrode it. */
  readonly overriddenSeed?: number;
  /** The cache folder, or undefined when it cannot be written (a warning says so). */
  readonly cacheDir: string | undefined;
  /** The previous manifest when it has this schema version and validates (for reuse). */
  readonly previous: Manifest | undefined;
  /** Every file the previous manifest listed, whatever its version: the publish may remove these. */
  readonly owned: readonly string[];
  readonly warnings: readonly string[];
}

export const DEFAULT_SEED = 1;
/** The preset whose output is the committed, published data/. */
export const PUBLISHED_PRESET = 'default';
/**
 * The backend every run uses unless `--backend` says otherwise: the published data are wasm
 * bytes on every machine, whether or not the optional native backend installed.
 */
export const PUBLISHED_BACKEND = 'wasm';

/**
 * Where a run without --out writes: only the published run (preset default, seed 1, no
 * config file) goes to data/; another preset to data-<preset>/ (git ignores data-*); a
 * config file or another seed must say where (else they would silently replace data/).
 */
export function defaultOutFolder(
  root: string,
  preset: string,
  given: { config?: string; seed?: number; backend?: string },
): string | { problem: string } {
  const otherBackend =
    preset === PUBLISHED_PRESET &&
    given.backend !== undefined &&
    given.backend !== PUBLISHED_BACKEND;
  if (
    given.config !== undefined ||
    (given.seed !== undefined && given.seed !== DEFAULT_SEED) ||
    otherBackend
  ) {
    const why =
      given.config !== undefined
        ? `--config ${given.config}`
        : otherBackend
          ? `--backend ${String(given.backend)}`
          : `--seed ${String(given.seed)}`;
    return {
      problem: `pipeline: with ${why} the results are not the published data; choose where they go with --out DIR (data/ holds the ${PUBLISHED_PRESET} preset, seed ${DEFAULT_SEED}, backend ${PUBLISHED_BACKEND})`,
    };
  }
  return join(root, preset === PUBLISHED_PRESET ? 'data' : `data-${preset}`);
}

/** Reads the folder's manifest: what it owns and, when current, the manifest itself. */
function previousManifest(
  out: string,
  lines: string[],
  warnings: string[],
  folders: ReadonlySet<string>,
): { previous?: Manifest; owned: string[] } {
  const path = join(out, MANIFEST_FILE);
  let exists = true;
  try {
    lstatSync(path);
  } catch {
    exists = false;
  }
  if (!exists) {
    const stray = classifyFolder(out, new Set());
    const foreign = [...stray.unknown, ...stray.links].filter((name) => !folders.has(name));
    if (foreign.length) {
      const shown =
        foreign.slice(0, 3).join(', ') +
        (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
      lines.push(
        `pipeline: --out ${out} is not empty and has no ${MANIFEST_FILE}, so it is not a pipeline output folder (it holds ${shown}); choose a new or empty folder`,
      );
    }
    return { owned: [] };
  }
  let text: string;
  try {
    text = readBounded(path, READ_LIMITS.manifest).toString('utf8');
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    lines.push(`pipeline: ${error.message}; move it away (a run writes manifest.json itself)`);
    return { owned: [] };
  }
  const owned = ownedFileNames(text, path);
  if (!owned.ok) {
    lines.push(
      ...owned.problems.map((p) => `pipeline: ${p}`),
      `pipeline: the run cannot tell which files of ${out} it owns; fix ${path} or move it away`,
    );
    return { owned: [] };
  }
  for (const name of owned.names) {
    const problem = insideProblem(out, name);
    if (problem) lines.push(`pipeline: ${path}: file "${name}" ${problem}; refusing to touch it`);
  }
  // What the run would leave in place but `check` refuses: files neither listed nor written
  // by the pipeline (a renamed table, notes), links, FIFOs.
  const stray = classifyFolder(out, new Set(owned.names));
  // A selected experiment's folder that is a file is reported by experimentFolderProblems.
  const foreign = [...stray.unknown, ...stray.links].filter((name) => !folders.has(name));
  if (foreign.length)
    lines.push(
      `pipeline: --out ${out} holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? `, … (${foreign.length} in all)` : ''}, which its manifest does not list and the pipeline did not write; move ${foreign.length > 1 ? 'them' : 'it'} away (check would refuse the folder)`,
    );
  const parsed = parseManifestText(text, path);
  if (parsed.ok) return { previous: parsed.manifest, owned: owned.names };
  const version = (JSON.parse(text) as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === SCHEMA_VERSION)
    warnings.push(
      `pipeline: ${path} does not validate (${parsed.problems[0] ?? ''}); nothing in it is reused`,
    );
  return { owned: owned.names };
}

/**
 * With --only, the experiments the run keeps from the folder must verify as `check` would:
 * a run that was not asked to compute an experiment never drops it (nor deletes its files).
 */
function keptProblems(
  options: PreflightOptions,
  selected: readonly [string, ExperimentConfig][],
  previous: { previous?: Manifest; owned: string[] },
): string[] {
  if (!options.only?.length) return [];
  const chosen = new Set(selected.map(([name]) => name));
  const only = options.only.join(',');
  if (!previous.previous) {
    return previous.owned.length
      ? [
          `pipeline: --only ${only}: ${join(options.out, MANIFEST_FILE)} is not a manifest this version can keep experiments from; run every experiment (without --only), or choose a new --out`,
        ]
      : [];
  }
  const read = folderSource(options.out);
  const kept = Object.entries(previous.previous.experiments).filter(([name]) => !chosen.has(name));
  // Names, sizes and hashes of every kept experiment first (fast); then check's full rules.
  for (const hashOnly of [true, false]) {
    const lines: string[] = [];
    for (const [name, entry] of kept) {
      const problems = entryProblems(name, entry, read, hashOnly);
      if (problems.length)
        lines.push(
          `pipeline: --only ${only} would drop ${name}, which does not verify: ${problems[0] ?? ''}; rerun it too (--only ${only},${name}) or restore its files (nothing was changed)`,
        );
    }
    if (lines.length) return lines;
  }
  return [];
}

/** Each selected experiment's folder in out is a folder (or absent), never a file or link. */
function experimentFolderProblems(
  out: string,
  experiments: readonly [string, ExperimentConfig][],
): string[] {
  const lines: string[] = [];
  for (const [name] of experiments) {
    const path = join(out, name);
    try {
      const stat = lstatSync(path);
      if (!stat.isDirectory())
        lines.push(
          `pipeline: ${path} is ${stat.isFile() ? 'a file' : fileTypeName(stat)}, but experiment ${name} writes its files into a folder of that name; move it away`,
        );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        lines.push(`pipeline: ${path}: cannot read it (${fsReason(error)})`);
    }
  }
  return lines;
}

/** Whether child is parent or inside it. */
export function within(parent: string, child: string): boolean {
  const path = relative(resolve(parent), resolve(child));
  return path === '' || (!path.startsWith('..') && !path.startsWith('/'));
}

/** The cache and the output folder must be apart: cache entries in out would fail `check`. */
function nestingProblem(out: string, cache: string): string | undefined {
  if (within(out, cache))
    return `pipeline: --cache ${cache} is ${resolve(out) === resolve(cache) ? 'the same folder as' : 'inside'} --out ${out}; cache entries would be published with the data (and fail check); choose a cache outside it`;
  if (within(cache, out))
    return `pipeline: --out ${out} is inside --cache ${cache}; choose an output folder outside the cache`;
  return undefined;
}

/** Least free space a run asks for when nothing tells it more (the quick preset writes ≈ 10 MB). */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

/**
 * The device holding out must have room for the run: twice what the previous manifest lists
 * (new files are written beside the old ones before those are removed), at least MIN_FREE_BYTES.
 */
function spaceProblem(out: string, previous: Manifest | undefined): string | undefined {
  let path = resolve(out);
  while (!existsSync(path) && dirname(path) !== path) path = dirname(path);
  let free: number;
  try {
    const fs = statfsSync(path);
    free = fs.bavail * fs.bsize;
  } catch {
    return undefined; // no statfs here: the publish reports ENOSPC in one line instead
  }
  const listed = Object.values(previous?.experiments ?? {}).reduce(
    (sum, e) => sum + e.files.reduce((s, f) => s + f.bytes, 0),
    0,
  );
  const need = Math.max(MIN_FREE_BYTES, 2 * listed);
  if (free >= need) return undefined;
  const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
  return `pipeline: --out ${out}: ${mb(free)} free on its device, the run needs about ${mb(need)}; free some space or choose another folder`;
}

/** Validates everything before any work; throws one UserError listing every problem. */
export function preflight(options: PreflightOptions): RunPlan {
  const lines: string[] = [];
  const warnings: string[] = [];
  let resolved: ReturnType<typeof resolveExperiments> | undefined;
  try {
    resolved = resolveExperiments(options);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    lines.push(error.message);
  }
  const { out } = options;
  const outProblem = writableProblem(out);
  let previous: { previous?: Manifest; owned: string[] } = { owned: [] };
  if (outProblem) lines.push(`pipeline: --out ${out}: cannot write there (${outProblem})`);
  else if (existsSync(out) && statSync(out).isDirectory())
    previous = previousManifest(
      out,
      lines,
      warnings,
      new Set((resolved?.experiments ?? []).map(([name]) => name)),
    );
  if (resolved) lines.push(...keptProblems(options, resolved.experiments, previous));
  if (!outProblem) lines.push(...experimentFolderProblems(out, resolved?.experiments ?? []));
  const nested = nestingProblem(out, options.cacheDir);
  if (nested) lines.push(nested);
  if (!outProblem) {
    const space = spaceProblem(out, previous.previous);
    if (space) lines.push(space);
  }
  let cacheDir: string | undefined = options.cacheDir;
  const cacheProblem = nested ? undefined : writableProblem(cacheDir);
  if (cacheProblem) {
    warnings.push(
      `cache: ${cacheDir} is not writable (${cacheProblem}); finished experiments will not be cached`,
    );
    cacheDir = undefined;
  }
  if (lines.length || !resolved) throw new UserError(lines.join('\n'));
  const seed = options.seed ?? resolved.seed ?? DEFAULT_SEED;
  return {
    experiments: resolved.experiments,
    seed,
    ...(options.seed !== undefined && resolved.seed !== undefined && resolved.seed !== options.seed
      ? { overriddenSeed: resolved.seed }
      : {}),
    cacheDir,
    previous: previous.previous,
    owned: previous.owned,
    warnings,
  };
}
