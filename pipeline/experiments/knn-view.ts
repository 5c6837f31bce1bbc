/**
 * The kNN view every kind shares: its config fields (one zod shape the kinds' schemas spread)
 * and the view-chain options of one split (a hidden layer, a β, an imported layer), the one
 * place the experiments and the bench take them from.
 */
import { z } from 'zod';
import { METRICS, metricColumns } from '../contract.ts';
import { deriveSeed } from '../util/random.ts';
import type { ViewChainOptions } from '../view/options.ts';

const positiveInt = z.number().int().positive();

/** The kNN-graph view's config fields, as every kind's schema has them. */
export const KNN_VIEW_FIELDS = {
  knnK: z.number().int().min(2).max(100),
  metricsK: z.number().int().min(2).max(100),
  displayEdgesPerNode: z.number().int().min(0).max(15),
  coldIterations: positiveInt.max(5000),
  /** ForceAtlas2 iterations of later snapshots, at most: a warm run stops earlier once it converges (layout/sequence.ts). */
  warmIterations: positiveInt.max(5000),
};

/**
 * Neighbour-embedding steps (layout/sequence.ts): the cold run, a warm run where no
 * neighbourhood changed, and the re-expansion cap where all did. @default sequence.ts's (500, 50, 500)
 */
export const REFINE_EPOCHS = z
  .object({
    cold: positiveInt.max(5000),
    warm: positiveInt.max(5000),
    reexpand: positiveInt.max(5000),
  })
  .strict()
  .optional();

/** The fidelity comparison's fields (fidelity.arrow, comparison.arrow; figure 8 reads mlp-classes'). */
export const COMPARISON_FIELDS = {
  /** Compare the layouts with a cold run, umap-js, t-SNE and PCA. @default true */
  compareLayouts: z.boolean().optional(),
  /**
   * Steps of the comparison's umap-js and t-SNE rows (fewer for quick test runs; the published
   * run keeps umap-js's own 500 and t-SNE's 750). @default { umap: 500, tsne: 750 }
   */
  compareSteps: z
    .object({ umap: positiveInt.max(5000), tsne: positiveInt.max(5000) })
    .strict()
    .optional(),
};

/** The fields layerViewOptions reads. */
export interface KnnViewConfig {
  knnK: number;
  metricsK: number;
  displayEdgesPerNode: number;
  coldIterations: number;
  warmIterations: number;
  refineEpochs?: z.infer<typeof REFINE_EPOCHS>;
}

/** Options of layer position `l`'s chain; every seed derives from the run's `seed` and the layer. */
export function layerViewOptions(
  config: KnnViewConfig,
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
