/**
 * Run configuration: presets, an optional user JSON file on top, validated with zod and
 * turned into one friendly line per problem (`config.json: experiments.mlp-classes.epochs: …`).
 */
import { z } from 'zod';
import { EXPERIMENT_NAME } from './contract.ts';
import { READ_LIMITS, UnreadableFile, readBounded } from './io/read-bounded.ts';
import { KINDS, type ExperimentConfig } from './experiments/kinds.ts';
import { KIND_NAMES, kindOf } from './experiments/registry.ts';
import type { ConfigProblem } from './experiments/types.ts';

export type { ExperimentConfig } from './experiments/kinds.ts';
export { KIND_NAMES } from './experiments/registry.ts';
export { BACKEND_CHOICES } from './train/backend-choices.ts';

/** Every experiment kind's config schema (experiments/kinds.ts); `kind` picks one. */
type SchemasOf<T extends readonly unknown[]> = {
  -readonly [I in keyof T]: T[I] extends { schema: infer S } ? S : never;
};
const EXPERIMENT_CONFIG = z.discriminatedUnion(
  'kind',
  KINDS.map((k) => k.schema) as unknown as SchemasOf<typeof KINDS>,
);

/** Longest experiment name: it names a folder and, with a 17-character hash, a cache entry. */
export const MAX_EXPERIMENT_NAME = 64;

export const RUN_CONFIG = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    // Each experiment is checked against its kind's schema once merged with the preset.
    experiments: z.record(
      z
        .string()
        .regex(
          EXPERIMENT_NAME,
          'experiment names are lowercase letters, digits and - (they name folders)',
        )
        .max(
          MAX_EXPERIMENT_NAME,
          `experiment names are at most ${MAX_EXPERIMENT_NAME} characters (they name folders and cache entries)`,
        ),
      z.record(z.string(), z.unknown()),
    ),
  })
  .strict();

/**
 * The refinement of the figures that are not held to Figure 8's fidelity bars (the toy, the
 * scrambled-label run, the VAE latents): re-expanding warm runs stop at 250 steps instead of
 * 500. Their layers re-expand at nearly every snapshot (the scrambled run's layers 2–3 and the
 * VAE's sparse snapshots change most neighbourhoods each time), so this halves their layout cost.
 */
const FIGURE_REFINE = { cold: 500, warm: 50, reexpand: 250 } as const;

const MNIST_BASE = {
  kind: 'mlp-classes',
  dataset: 'mnist',
  testPerClass: 200,
  tracePerClass: 200,
  hidden: [256, 128, 64],
  epochs: 30,
  batchSize: 128,
  learningRate: 0.001,
  snapshotsInFirstEpoch: 3,
  knnK: 15,
  metricsK: 10,
  displayEdgesPerNode: 3,
  coldIterations: 300,
  warmIterations: 80,
} as const satisfies ExperimentConfig;

const TOY_BASE = {
  ...MNIST_BASE,
  dataset: 'spiral',
  samples: 1500,
  noise: 0.05,
  testPerClass: 250,
  tracePerClass: 250,
  hidden: [16, 16, 8],
  epochs: 60,
  batchSize: 32,
  learningRate: 0.01,
  // No figure reads the toy's fidelity comparison (figure 8 is mlp-classes'): skip its cost.
  compareLayouts: false,
  refineEpochs: FIGURE_REFINE,
} as const satisfies ExperimentConfig;

/**
 * Scrambled labels: the MNIST model on 400 training digits per class, 20 % of their labels
 * scrambled, trained until it memorises them; traced: 50 scrambled + 50 clean training
 * digits and 50 test digits per class (1,500 nodes).
 */
const SCRAMBLED_BASE = {
  ...MNIST_BASE,
  kind: 'mlp-scrambled',
  trainPerClass: 400,
  testPerClass: 200,
  tracePerClass: 50,
  scrambleFraction: 0.2,
  traceScrambledPerClass: 50,
  traceCleanPerClass: 50,
  epochs: 30,
  batchSize: 64,
  refineEpochs: FIGURE_REFINE,
} as const satisfies ExperimentConfig;

/**
 * Neurons × samples: the mlp-classes network (same fields and seed, so the same weights),
 * traced on 100 test digits per class (1,000 samples + 256, 128, 64 units per layer view).
 * A unit links to its top 10 % of samples: a unit that fires for one class only links to
 * that class's 100 digits and nothing else.
 */
const BIPARTITE_BASE = {
  ...MNIST_BASE,
  kind: 'mlp-bipartite',
  tracePerClass: 100,
  firingShare: 0.1,
  linLog: false,
  displayEdgesPerNode: 2,
} as const satisfies ExperimentConfig;

/**
 * The quick preset's refinement: fewer steps than the default's (500 cold, 50 warm, ≤ 500
 * re-expanding) so `npm test`'s runs stay short; still every stage of the published layout.
 */
const QUICK_REFINE = { cold: 200, warm: 20, reexpand: 60 } as const;

/** The quick preset's comparison rows: umap-js and t-SNE at a fraction of the published steps (500, 750). */
const QUICK_COMPARE = { umap: 50, tsne: 120 } as const;

/** The quick preset's MNIST network (mlp-classes, and mlp-bipartite's copy of it). */
const MNIST_QUICK = {
  hidden: [64, 32, 16],
  trainPerClass: 200,
  testPerClass: 50,
  epochs: 3,
  batchSize: 64,
  learningRate: 0.003,
  snapshotsInFirstEpoch: 1,
  coldIterations: 100,
  warmIterations: 20,
  refineEpochs: QUICK_REFINE,
} as const;

/**
 * β-VAE sweep on MNIST (3,000 training digits, 1,000 traced test digits, 784-128-10 VAE, 6
 * epochs): β from 0.25 (every latent in use) to 64 (every latent collapsed), a factor 4
 * apart, plus the linear-VAE check on an 8-dimensional spectrum λ_i = 2^(7 − 2i) (128 …
 * 1/128, 4.2 decades) with σ² = 1: every threshold β·σ² is an even power of 2 and every λ_i
 * an odd one, so each λ_i is twice or half a threshold (none within ±10 %), and each β keeps
 * some directions and collapses others.
 */
const VAE_BASE = {
  kind: 'vae-beta',
  dataset: 'mnist',
  trainPerClass: 300,
  testPerClass: 100,
  tracePerClass: 100,
  hidden: 128,
  latent: 10,
  betas: [0.25, 1, 4, 16, 64],
  // Long enough for the posterior to polarise at β ≤ 1 (Rolínek et al.'s regime); Adam at
  // 3·10⁻³ polarises in 20 epochs what 10⁻³ does in ≈ 35 (measured at β = 1: 0.8–1.0 of the
  // latents against 0.3 at epoch 20). The default preset thins the later snapshots (VAE_SNAPSHOT_EPOCHS).
  epochs: 20,
  batchSize: 100,
  learningRate: 0.003,
  snapshotsInFirstEpoch: 1,
  jacobianSamples: 100,
  spreadSamples: 200,
  classifier: { hidden: [128], epochs: 3 },
  knnK: 15,
  metricsK: 10,
  displayEdgesPerNode: 3,
  coldIterations: 300,
  warmIterations: 80,
  refineEpochs: FIGURE_REFINE,
  linear: {
    eigenvalues: Array.from({ length: 8 }, (_, i) => 2 ** (7 - 2 * i)),
    noise: 1,
    samples: 2048,
    // Converged: at 3,000 steps the slowest direction's decoder norm² (β = 0.25) was still 31 % short of λ − βσ².
    steps: 30_000,
    learningRate: 0.1,
  },
} as const satisfies ExperimentConfig;

/** After which epochs vae-beta's default run takes snapshots: 8 in all, so the views per β do not multiply. */
const VAE_SNAPSHOT_EPOCHS = [1, 2, 4, 7, 12, 20];

/** Named presets: `default` is what the site shows, `quick` is for tests (≤ 60 s). */
export const PRESETS: Record<string, Record<string, ExperimentConfig>> = {
  default: {
    'mlp-classes': { ...MNIST_BASE, hidden: [...MNIST_BASE.hidden] },
    'mlp-toy': { ...TOY_BASE, hidden: [...TOY_BASE.hidden] },
    'mlp-scrambled': { ...SCRAMBLED_BASE, hidden: [...SCRAMBLED_BASE.hidden] },
    'mlp-bipartite': { ...BIPARTITE_BASE, hidden: [...BIPARTITE_BASE.hidden] },
    'vae-beta': {
      ...VAE_BASE,
      snapshotEpochs: [...VAE_SNAPSHOT_EPOCHS],
      betas: [...VAE_BASE.betas],
      linear: { ...VAE_BASE.linear, eigenvalues: [...VAE_BASE.linear.eigenvalues] },
    },
  },
  quick: {
    'mlp-classes': {
      ...MNIST_BASE,
      ...MNIST_QUICK,
      hidden: [...MNIST_QUICK.hidden],
      tracePerClass: 40,
      compareSteps: { ...QUICK_COMPARE },
    },
    // 15 epochs, 17 snapshots (30 before: test accuracy 99.5 % at the end, now 96–97.5 %): `npm
    // test` computes the quick toy about a dozen times, alone and in quick runs; alone, 22 → 14 s of CPU.
    'mlp-toy': {
      ...TOY_BASE,
      samples: 600,
      testPerClass: 100,
      tracePerClass: 100,
      epochs: 15,
      batchSize: 16,
      learningRate: 0.02,
      snapshotsInFirstEpoch: 1,
      coldIterations: 100,
      warmIterations: 20,
      refineEpochs: { ...QUICK_REFINE },
    },
    'mlp-scrambled': {
      ...SCRAMBLED_BASE,
      hidden: [64, 32, 16],
      trainPerClass: 100,
      testPerClass: 30,
      tracePerClass: 10,
      traceScrambledPerClass: 10,
      traceCleanPerClass: 10,
      epochs: 4,
      learningRate: 0.003,
      snapshotsInFirstEpoch: 1,
      coldIterations: 100,
      warmIterations: 20,
      refineEpochs: { ...QUICK_REFINE },
    },
    // The quick mlp-classes network, traced on 20 digits per class.
    'mlp-bipartite': {
      ...BIPARTITE_BASE,
      ...MNIST_QUICK,
      hidden: [...MNIST_QUICK.hidden],
      tracePerClass: 20,
    },
    'vae-beta': {
      ...VAE_BASE,
      hidden: 64,
      trainPerClass: 60,
      testPerClass: 20,
      tracePerClass: 20,
      betas: [0.25, 4, 64],
      epochs: 2,
      learningRate: 0.003,
      jacobianSamples: 40,
      coldIterations: 100,
      warmIterations: 20,
      refineEpochs: { ...QUICK_REFINE },
      linear: {
        ...VAE_BASE.linear,
        eigenvalues: [...VAE_BASE.linear.eigenvalues],
        samples: 512,
        steps: 2000,
      },
    },
  },
};

/**
 * View worker threads by default: one per core of this 2-core machine, on top of training on
 * the main thread (`npm run bench -- --workers N` measures other counts). Each view worker
 * peaks at several hundred MB while it lays out a comparison (umap-js, t-SNE, our cold run);
 * mlp-classes alone, 3 workers → 2: peak RSS 1.65 → 1.23 GB, CPU 362 → 342 s (one run each,
 * loaded machine), the same bytes.
 */
export const DEFAULT_WORKERS = 2;

/** Training worker threads for independent runs (vae-beta's β runs), at most --workers: one per core here. */
export const DEFAULT_TRAIN_WORKERS = 2;

/**
 * The preset of that name, looked up as an own key (`--preset toString`, `constructor` or
 * `__proto__` are unknown presets, not Object.prototype's members).
 */
export function presetNamed(name: string): Record<string, ExperimentConfig> | undefined {
  return Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
}

/** What one experiment may need in memory, estimated before training (see memoryEstimate). */
export const MEMORY_BUDGET = 4 * 1024 ** 3;

/** Bytes an experiment needs at least, from its sizes alone: its kind's estimate (experiments/memory.ts). */
export function memoryEstimate(config: ExperimentConfig): number {
  return kindOf(config).memory?.(config) ?? 0;
}

/** A problem when the experiment's estimated memory is beyond MEMORY_BUDGET. */
function memoryProblems(config: ExperimentConfig): ConfigProblem[] {
  const bytes = memoryEstimate(config);
  if (!(bytes > MEMORY_BUDGET)) return [];
  const gib = (b: number): string => `${(b / 1024 ** 3).toFixed(1)} GiB`;
  return [
    {
      key: 'hidden',
      message: `these sizes need about ${gib(bytes)} of memory (dataset, weights, trace set × snapshots), above the ${gib(MEMORY_BUDGET)} limit; lower hidden, tracePerClass, epochs or samples`,
    },
  ];
}

/** Thrown for anything the user got wrong; the CLI prints the message alone and exits 2. */
export class UserError extends Error {
  override name = 'UserError';
}

/** Which kinds' schemas declare a field, for "belongs to kind …" hints. */
function kindsWithField(field: string): string[] {
  return KINDS.filter((k) => Object.hasOwn(k.schema.shape, field)).map((k) => k.kind);
}

/** One friendly line for a zod issue; an unknown key names the kind it belongs to, if any. */
function issueText(issue: z.ZodIssue, value: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const kind =
      value && typeof value === 'object' ? String((value as Record<string, unknown>).kind) : '?';
    return issue.keys
      .map((key) => {
        const owners = kindsWithField(key);
        return owners.length
          ? `"${key}" is a field of kind ${owners.join(', ')}, not of kind ${kind}`
          : `unknown field "${key}" for kind ${kind}`;
      })
      .join('; ');
  }
  if (issue.code === 'invalid_union_discriminator')
    return `kind must be one of ${KIND_NAMES.join(', ')}`;
  return issue.message;
}

/** Formats zod issues as one `path: message` line each; `value` is what was parsed. */
export function formatIssues(
  source: string,
  error: z.ZodError,
  value?: unknown,
  prefix: (string | number)[] = [],
): string {
  return `invalid configuration:\n${issueLines(source, error, value, prefix).join('\n')}`;
}

/** `experiments.mlp-toy.hidden.1`; keys that are not plain names are quoted: `experiments["My Net"]`. */
export function configPath(path: readonly (string | number)[]): string {
  return path
    .map((key, i) =>
      typeof key === 'number' || /^[A-Za-z0-9_-]+$/.test(key)
        ? `${i ? '.' : ''}${key}`
        : `[${JSON.stringify(key)}]`,
    )
    .join('');
}

function issueLines(
  source: string,
  error: z.ZodError,
  value?: unknown,
  prefix: (string | number)[] = [],
): string[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const where = path.length ? configPath(path) : '(root)';
    const text =
      issue.code === 'unrecognized_keys' && path.length === 0
        ? issue.keys
            .map((key) => `unknown field "${key}" (a config file holds "seed" and "experiments")`)
            .join('; ')
        : issueText(issue, value);
    return `  ${source}: ${where}: ${text}`;
  });
}

/** Reads a user config file as JSON (validated by resolveExperiments, with the preset). */
function readConfigJson(path: string): unknown {
  let text: string;
  try {
    // A regular file of at most 1 MiB: never a FIFO, a device (/dev/zero) or a folder.
    text = readBounded(path, READ_LIMITS.config, { follow: true }).toString('utf8');
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    throw new UserError(`config: ${error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`config: ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The experiments object of a user config whose run-level checks failed, where it is still usable. */
function salvageExperiments(json: unknown): Record<string, Record<string, unknown>> {
  const experiments =
    json && typeof json === 'object' ? (json as { experiments?: unknown }).experiments : undefined;
  if (!experiments || typeof experiments !== 'object' || Array.isArray(experiments)) return {};
  return Object.fromEntries(
    Object.entries(experiments).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v)),
  );
}

/**
 * Resolves and validates every experiment's config before anything runs; every problem of
 * the user file and of each merged experiment is reported at once, one line each.
 */
export function resolveExperiments(options: {
  preset: string;
  only?: readonly string[];
  configPath?: string;
  /** Exactly these experiments instead of the preset's (`import DIR`). */
  experiments?: Record<string, Record<string, unknown>>;
}): {
  seed?: number;
  experiments: [string, ExperimentConfig][];
} {
  const preset = options.experiments ?? presetNamed(options.preset);
  if (!preset) {
    throw new UserError(
      `pipeline: unknown preset "${options.preset}" (known: ${Object.keys(PRESETS).join(', ')})`,
    );
  }
  const source = options.configPath ?? `preset ${options.preset}`;
  const lines: string[] = [];
  let user: z.infer<typeof RUN_CONFIG> | undefined;
  if (options.configPath) {
    const json = readConfigJson(options.configPath);
    const result = RUN_CONFIG.safeParse(json);
    if (result.success) user = result.data;
    else {
      lines.push(...issueLines(source, result.error, json));
      user = { experiments: salvageExperiments(json) };
    }
  }
  const merged = new Map<string, unknown>(Object.entries(preset));
  for (const [name, partial] of Object.entries(user?.experiments ?? {})) {
    if (!EXPERIMENT_NAME.test(name) || name.length > MAX_EXPERIMENT_NAME) continue; // reported above, by name
    merged.set(name, { ...(merged.get(name) ?? {}), ...partial });
  }
  const known = [...merged.keys()];
  const unknown = (options.only ?? []).filter((name) => !merged.has(name));
  if (unknown.length)
    throw new UserError(
      unknown
        .map((name) => `pipeline: unknown experiment "${name}" (known: ${known.join(', ')})`)
        .join('\n'),
    );
  const selected = known.filter((name) => !options.only?.length || options.only.includes(name));
  const experiments: [string, ExperimentConfig][] = [];
  for (const name of selected) {
    const value = merged.get(name);
    const result = EXPERIMENT_CONFIG.safeParse(value);
    if (!result.success) {
      lines.push(...issueLines(source, result.error, value, ['experiments', name]));
      continue;
    }
    const problems = [...kindOf(result.data).problems(result.data), ...memoryProblems(result.data)];
    lines.push(
      ...problems.map(
        (p) => `  ${source}: ${configPath(['experiments', name, p.key])}: ${p.message}`,
      ),
    );
    experiments.push([name, result.data]);
  }
  if (lines.length) throw new UserError(`invalid configuration:\n${lines.join('\n')}`);
  if (experiments.length === 0)
    throw new UserError(
      `pipeline: preset ${options.preset} selects no experiment; a run must leave a manifest with at least one`,
    );
  return user?.seed === undefined ? { experiments } : { seed: user.seed, experiments };
}
