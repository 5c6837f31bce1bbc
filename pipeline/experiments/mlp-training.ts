/**
 * The training key of the MLP kinds that train the mlp-classes network as it is (mlp-classes,
 * mlp-bipartite): every config field and seed that decides the trained weights, and nothing
 * that only decides what is traced. Light: the kinds' records import it without TensorFlow.js.
 */
import type { MlpClassesConfig } from './mlp-classes/config.ts';

type TrainingFields = Pick<
  MlpClassesConfig,
  | 'dataset'
  | 'samples'
  | 'noise'
  | 'trainPerClass'
  | 'testPerClass'
  | 'hidden'
  | 'epochs'
  | 'batchSize'
  | 'learningRate'
  | 'snapshotsInFirstEpoch'
>;

/** Equal for two configs (and seeds) that train the same weights on the same split. */
export function mlpTrainingKey(config: TrainingFields, seed: number): string {
  return JSON.stringify([
    'mlp',
    seed,
    config.dataset,
    config.samples ?? null,
    config.noise ?? null,
    config.trainPerClass ?? null,
    config.testPerClass,
    config.hidden,
    config.epochs,
    config.batchSize,
    config.learningRate,
    config.snapshotsInFirstEpoch,
  ]);
}
