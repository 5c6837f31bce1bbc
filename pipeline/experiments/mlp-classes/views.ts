/** The view-chain options of one hidden layer of an mlp-classes run: the one place the experiment and the bench take them from. */
import { METRICS, metricColumns } from '../../contract.ts';
import { deriveSeed } from '../../util/random.ts';
import type { ViewChainOptions } from '../../view/chain.ts';
import type { MlpClassesConfig } from './config.ts';

/** Options of layer position `l`'s chain; every seed derives from the run's `seed` and the layer. */
export function layerViewOptions(
  config: Pick<
    MlpClassesConfig,
    | 'knnK'
    | 'metricsK'
    | 'displayEdgesPerNode'
    | 'coldIterations'
    | 'warmIterations'
    | 'refineEpochs'
  >,
  labels: ArrayLike<number>,
  seed: number,
  l: number,
): ViewChainOptions {
  return {
    graph: { builder: 'knn', k: config.knnK },
    metricsK: config.metricsK,
    metrics: metricColumns(METRICS, 'view').map((c) => c.name),
    labels: Array.from(labels),
    displayEdgesPerNode: config.displayEdgesPerNode,
    layout: {
      seed: deriveSeed(seed, `layout-${l}`),
      coldIterations: config.coldIterations,
      warmIterations: config.warmIterations,
      refine: config.refineEpochs
        ? {
            coldEpochs: config.refineEpochs.cold,
            warmEpochs: config.refineEpochs.warm,
            reexpandEpochs: config.refineEpochs.reexpand,
          }
        : true,
    },
    stepsSeed: deriveSeed(seed, `steps-${l}`),
    metricsSeed: deriveSeed(seed, `metrics-${l}`),
    projection: true,
  };
}
