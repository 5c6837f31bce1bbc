/** Config schema of the mlp-scrambled kind: mlp-classes with a share of the training labels scrambled. */
import { z } from 'zod';
import { datasetNamed } from '../../data/registry.ts';
import { scrambleCounts } from '../../data/scramble.ts';
import { MLP_CLASSES_CONFIG, mlpClassesProblems } from '../mlp-classes/config.ts';
import type { ConfigProblem } from '../types.ts';

export const MLP_SCRAMBLED_CONFIG = MLP_CLASSES_CONFIG.extend({
  kind: z.literal('mlp-scrambled'),
  /** Share of the training labels replaced by a different class (0: the control run). */
  scrambleFraction: z.number().min(0).max(1),
  /** Traced training samples per true class whose label was scrambled. */
  traceScrambledPerClass: z.number().int().min(0).max(10_000),
  /** Traced training samples per class whose label was kept. */
  traceCleanPerClass: z.number().int().min(0).max(10_000),
}).strict();

export type MlpScrambledConfig = z.infer<typeof MLP_SCRAMBLED_CONFIG>;

/** Training samples per class the config leaves (trainPerClass, or the rest after the test split). */
function trainSizes(config: MlpScrambledConfig): number[] | undefined {
  const definition = datasetNamed(config.dataset);
  if (!definition) return undefined;
  const sizes = definition.classSizes(config.samples !== undefined ? { n: config.samples } : {});
  return sizes.map((n) => Math.max(0, config.trainPerClass ?? n - config.testPerClass));
}

/** mlp-classes' checks plus: every class has enough scrambled and clean training samples to trace. */
export function mlpScrambledProblems(config: MlpScrambledConfig): ConfigProblem[] {
  const problems = mlpClassesProblems({ ...config, kind: 'mlp-classes' });
  const sizes = trainSizes(config);
  if (!sizes || problems.length) return problems;
  const scrambled = scrambleCounts(sizes, config.scrambleFraction);
  const fewest = Math.min(...scrambled);
  if (fewest < config.traceScrambledPerClass) {
    problems.push({
      key: 'traceScrambledPerClass',
      message: `${config.traceScrambledPerClass} is more than the scrambled training samples of the smallest class (${fewest} at scrambleFraction ${config.scrambleFraction})`,
    });
  }
  const clean = Math.min(...sizes.map((n, c) => n - scrambled[c]));
  if (clean < config.traceCleanPerClass) {
    problems.push({
      key: 'traceCleanPerClass',
      message: `${config.traceCleanPerClass} is more than the clean training samples of the smallest class (${clean})`,
    });
  }
  return problems;
}
