/** Config schema of the mlp-classes kind (MNIST or a 2-D toy set); `experiments/kinds.ts` lists the kinds. */
import { z } from 'zod';
import { DATASETS, datasetNamed } from '../../data/registry.ts';
import { COMPARISON_FIELDS, KNN_VIEW_FIELDS, REFINE_EPOCHS } from '../knn-view.ts';
import type { ConfigProblem } from '../types.ts';

const positiveInt = z.number().int().positive();

export const MLP_CLASSES_CONFIG = z
  .object({
    kind: z.literal('mlp-classes'),
    /** Dataset registry name. */
    dataset: z.string().min(1),
    /** Synthetic sets only: how many points to generate, at most 100,000. */
    samples: positiveInt.max(100_000).optional(),
    /** Synthetic sets only: noise level of the generator. */
    noise: z.number().min(0).max(1).optional(),
    /** Training samples per class (from those not in test); omit to train on all the rest. */
    trainPerClass: positiveInt.optional(),
    testPerClass: positiveInt,
    tracePerClass: positiveInt,
    /** Hidden layer widths, 1 … 6 layers of 1 … 4,096 units. */
    hidden: z.array(positiveInt.max(4096)).min(1).max(6),
    epochs: positiveInt.max(500),
    batchSize: positiveInt.max(65_536),
    learningRate: z.number().positive().max(1),
    snapshotsInFirstEpoch: z.number().int().min(0).max(20),
    ...KNN_VIEW_FIELDS,
    refineEpochs: REFINE_EPOCHS,
    ...COMPARISON_FIELDS,
  })
  .strict();

export type MlpClassesConfig = z.infer<typeof MLP_CLASSES_CONFIG>;

/**
 * What the schema cannot see alone: the dataset exists, the split and trace set fit in
 * every class, and the neighbourhood sizes fit the trace set. Everything the run would
 * otherwise find only after training earlier experiments.
 */
export function mlpClassesProblems(config: MlpClassesConfig): ConfigProblem[] {
  const definition = datasetNamed(config.dataset);
  if (!definition)
    return [
      {
        key: 'dataset',
        message: `unknown dataset "${config.dataset}" (known: ${Object.keys(DATASETS).join(', ')})`,
      },
    ];
  const unavailable = definition.unavailable?.();
  if (unavailable) return [{ key: 'dataset', message: unavailable }];
  const problems: ConfigProblem[] = [];
  const sizes = definition.classSizes(config.samples !== undefined ? { n: config.samples } : {});
  const smallest = Math.min(...sizes);
  const c = sizes.indexOf(smallest);
  const need = config.testPerClass + (config.trainPerClass ?? 1);
  if (smallest < need) {
    const what =
      config.trainPerClass === undefined
        ? `testPerClass + 1 training sample (${need})`
        : `testPerClass + trainPerClass (${need})`;
    const fix = definition.defaults
      ? 'raise samples or lower testPerClass'
      : 'lower testPerClass or trainPerClass';
    problems.push({
      key: config.trainPerClass === undefined ? 'testPerClass' : 'trainPerClass',
      message: `class "${definition.classes[c]}" of ${config.dataset} has ${smallest} samples, fewer than ${what}; ${fix}`,
    });
  }
  if (config.tracePerClass > config.testPerClass) {
    problems.push({
      key: 'tracePerClass',
      message: `${config.tracePerClass} is more than testPerClass (${config.testPerClass}): the trace set is drawn from the test split`,
    });
  }
  const traced = Math.min(config.tracePerClass, config.testPerClass) * sizes.length;
  if (config.knnK >= traced) {
    problems.push({
      key: 'knnK',
      message: `${config.knnK} must be less than the traced samples (${sizes.length} classes × ${Math.min(config.tracePerClass, config.testPerClass)} = ${traced})`,
    });
  }
  if (config.metricsK >= traced / 2) {
    problems.push({
      key: 'metricsK',
      message: `${config.metricsK} must be less than half the traced samples (${traced} / 2): trustworthiness needs k < n/2`,
    });
  }
  return problems;
}
