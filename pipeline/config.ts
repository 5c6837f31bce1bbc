/**
 * Run configuration: presets, an optional user JSON file on top, validated with zod and
 * turned into one friendly line per problem (`config.json: experiments.mlp-classes.epochs: …`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** Config of one mlp-classes run (MNIST or a 2-D toy set). */
export const MLP_CLASSES_CONFIG = z
  .object({
    /** Dataset registry name. */
    dataset: z.string().min(1),
    /** Synthetic sets only: how many points to generate. */
    samples: positiveInt.optional(),
    /** Synthetic sets only: noise level of the generator. */
    noise: z.number().min(0).max(1).optional(),
    /** Training samples per class (from those not in test); omit to train on all the rest. */
    trainPerClass: positiveInt.optional(),
    testPerClass: positiveInt,
    tracePerClass: positiveInt,
    hidden: z.array(positiveInt).min(1).max(6),
    epochs: positiveInt.max(500),
    batchSize: positiveInt,
    learningRate: z.number().positive().max(1),
    snapshotsInFirstEpoch: z.number().int().min(0).max(20),
    knnK: z.number().int().min(2).max(100),
    metricsK: z.number().int().min(2).max(100),
    displayEdgesPerNode: z.number().int().min(0).max(15),
    coldIterations: positiveInt.max(5000),
    warmIterations: positiveInt.max(5000),
  })
  .strict();
export type MlpClassesConfig = z.infer<typeof MLP_CLASSES_CONFIG>;

const EXPERIMENT_CONFIG = z.object({ kind: z.literal('mlp-classes') }).merge(MLP_CLASSES_CONFIG).strict();
export type ExperimentConfig = z.infer<typeof EXPERIMENT_CONFIG>;

export const RUN_CONFIG = z
  .object({
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    experiments: z.record(z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and -'), EXPERIMENT_CONFIG.partial()),
  })
  .strict();

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
  warmIterations: 40,
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
} as const satisfies ExperimentConfig;

/** Named presets: `default` is what the site shows, `quick` is for tests (≤ 60 s). */
export const PRESETS: Record<string, Record<string, ExperimentConfig>> = {
  default: {
    'mlp-classes': { ...MNIST_BASE, hidden: [...MNIST_BASE.hidden] },
    'mlp-toy': { ...TOY_BASE, hidden: [...TOY_BASE.hidden] },
  },
  quick: {
    'mlp-classes': { ...MNIST_BASE, hidden: [64, 32, 16], trainPerClass: 200, testPerClass: 50, tracePerClass: 40, epochs: 3, batchSize: 64, learningRate: 0.003, snapshotsInFirstEpoch: 1, coldIterations: 100, warmIterations: 20 },
    'mlp-toy': { ...TOY_BASE, samples: 600, testPerClass: 100, tracePerClass: 100, epochs: 30, batchSize: 16, learningRate: 0.02, snapshotsInFirstEpoch: 1, coldIterations: 100, warmIterations: 20 },
  },
};

/** Values accepted by `--backend`. */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

/** Thrown for anything the user got wrong; the CLI prints the message alone and exits 2. */
export class UserError extends Error {
  override name = 'UserError';
}

/** Formats zod issues as one `path: message` line each. */
export function formatIssues(source: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    return `  ${source}: ${path}: ${issue.message}`;
  });
  return `invalid configuration:\n${lines.join('\n')}`;
}

/** Validates an already-merged experiment config. */
export function parseExperimentConfig(name: string, value: unknown, source: string): ExperimentConfig {
  const result = EXPERIMENT_CONFIG.safeParse(value);
  if (!result.success) {
    const prefixed = new z.ZodError(result.error.issues.map((i) => ({ ...i, path: ['experiments', name, ...i.path] })));
    throw new UserError(formatIssues(source, prefixed));
  }
  return result.data;
}

/** Reads and validates a user config file (JSON). */
export function readConfigFile(path: string): z.infer<typeof RUN_CONFIG> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`config: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`config: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = RUN_CONFIG.safeParse(json);
  if (!result.success) throw new UserError(formatIssues(path, result.error));
  return result.data;
}

/** Resolves and validates every experiment's config before anything runs. */
export function resolveExperiments(options: { preset: string; only?: readonly string[]; configPath?: string }): {
  seed?: number;
  experiments: [string, ExperimentConfig][];
} {
  const preset = PRESETS[options.preset];
  if (!preset) {
    throw new UserError(`pipeline: unknown preset "${options.preset}" (known: ${Object.keys(PRESETS).join(', ')})`);
  }
  const user = options.configPath ? readConfigFile(options.configPath) : undefined;
  const source = options.configPath ?? `preset ${options.preset}`;
  const merged = new Map<string, unknown>(Object.entries(preset));
  for (const [name, partial] of Object.entries(user?.experiments ?? {})) {
    merged.set(name, { ...(merged.get(name) ?? {}), ...partial });
  }
  const known = [...merged.keys()];
  for (const name of options.only ?? []) {
    if (!merged.has(name)) throw new UserError(`pipeline: unknown experiment "${name}" (known: ${known.join(', ')})`);
  }
  const selected = known.filter((name) => !options.only?.length || options.only.includes(name));
  const experiments = selected.map((name): [string, ExperimentConfig] => {
    return [name, parseExperimentConfig(name, merged.get(name), source)];
  });
  return user?.seed === undefined ? { experiments } : { seed: user.seed, experiments };
}

