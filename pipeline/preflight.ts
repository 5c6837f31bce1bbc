/**
 * Everything a run can know before it trains: the configs (and that their sizes fit the
 * datasets), the output folder (creatable, writable, a pipeline folder, a manifest whose
 * file names stay inside it) and the cache (writable, or a warning). Every problem is one
 * line; all of them are reported together, before TensorFlow.js is even loaded.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, SCHEMA_VERSION, type Manifest } from './contract.ts';
import { UserError, resolveExperiments, type ExperimentConfig } from './config.ts';
import { classifyFolder } from './io/data-folder.ts';
import { insideProblem, writableProblem } from './io/safe-path.ts';
import { ownedFileNames, parseManifestText } from './manifest-schema.ts';

export interface PreflightOptions {
  preset: string;
  only?: readonly string[];
  /** An explicit seed (the --seed flag) wins over the config file's. */
  seed?: number;
  out: string;
  cacheDir: string;
  configPath?: string;
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
 * Where a run without --out writes: only the published run (preset default, seed 1, no
 * config file) goes to data/; another preset to data-<preset>/ (git ignores data-*); a
 * config file or another seed must say where (else they would silently replace data/).
 */
export function defaultOutFolder(
  root: string,
  preset: string,
  given: { config?: string; seed?: number },
): string | { problem: string } {
  if (given.config !== undefined || (given.seed !== undefined && given.seed !== DEFAULT_SEED)) {
    const why =
      given.config !== undefined ? `--config ${given.config}` : `--seed ${String(given.seed)}`;
    return {
      problem: `pipeline: with ${why} the results are not the published data; choose where they go with --out DIR (data/ holds the ${PUBLISHED_PRESET} preset, seed ${DEFAULT_SEED})`,
    };
  }
  return join(root, preset === PUBLISHED_PRESET ? 'data' : `data-${preset}`);
}

/** Reads the folder's manifest: what it owns and, when current, the manifest itself. */
function previousManifest(
  out: string,
  lines: string[],
  warnings: string[],
): { previous?: Manifest; owned: string[] } {
  const path = join(out, MANIFEST_FILE);
  if (!existsSync(path)) {
    const stray = classifyFolder(out, new Set());
    const foreign = [...stray.unknown, ...stray.links];
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
  const text = readFileSync(path, 'utf8');
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
  const parsed = parseManifestText(text, path);
  if (parsed.ok) return { previous: parsed.manifest, owned: owned.names };
  const version = (JSON.parse(text) as { schemaVersion?: unknown }).schemaVersion;
  if (version === SCHEMA_VERSION)
    warnings.push(
      `pipeline: ${path} does not validate (${parsed.problems[0] ?? ''}); nothing in it is reused`,
    );
  return { owned: owned.names };
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
    previous = previousManifest(out, lines, warnings);
  let cacheDir: string | undefined = options.cacheDir;
  const cacheProblem = writableProblem(cacheDir);
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
