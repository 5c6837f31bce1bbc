/**
 * The options of a view chain, apart from the chain (chain.ts) so that the stages it calls
 * (fidelity-comparison.ts) can read them without importing the chain back.
 */
import type { GraphBuilderName } from '../graph/builders.ts';
import type { ForceAtlas2Settings } from '../layout/forceatlas2.ts';
import type { LayoutRefineOptions } from '../layout/sequence.ts';

/** Options of a view chain (plain data, so they can cross a thread boundary). */
export interface ViewChainOptions {
  /** Graph builder and its neighbourhood size (and, for `bipartite`, the share of samples a unit links to). */
  graph: { builder: GraphBuilderName; k: number; share?: number };
  /** Neighbourhood size of the neighbourhood metrics (k < n/2). */
  metricsK: number;
  /** Metrics-table column names of the view metrics to compute, in order. */
  metrics: readonly string[];
  /** Class of every node, for the class metrics. */
  labels: ArrayLike<number>;
  /** Extra per-node integer columns some metrics read, by name (e.g. `assigned`, `scrambled`); each n long. @default {} */
  nodeColumns?: Readonly<Record<string, readonly number[]>>;
  /** Strongest edges each node keeps for display. */
  displayEdgesPerNode: number;
  /**
   * Layout seed and ForceAtlas2 iterations of the first and later snapshots; `fa2` overrides
   * FA2 settings (e.g. linLogMode); `refine` adds the fuzzy-edge refinement
   * (layout/sequence.ts: after ForceAtlas2 on the first snapshot, instead of it on later
   * ones); `true` takes sequence.ts's refinement defaults, an object overrides them. @default refine false
   */
  layout: {
    seed: number;
    coldIterations: number;
    warmIterations: number;
    fa2?: ForceAtlas2Settings;
    refine?: boolean | LayoutRefineOptions;
  };
  /**
   * Where nodes without an edge go: `'ring'` places them on a fixed ring round the layout
   * (layout/ring.ts; dead units of a bipartite graph), `'free'` leaves them to ForceAtlas2.
   * Graphs with more nodes than `labels` (bipartite: samples, then units) have their first
   * `labels.length` nodes measured by the metrics. @default 'free'
   */
  isolated?: 'free' | 'ring';
  /** Seed of the "how it is built" stages of the last view; absent: no stages. */
  stepsSeed?: number;
  /** Seed from which metrics that draw random numbers derive theirs (per snapshot). */
  metricsSeed: number;
  /** Also a linear view: the points on their top two principal components, aligned to the previous snapshot's. @default false */
  projection?: boolean;
  /** Snapshots at which to compare the layout with its cold run, UMAP and PCA (fidelity-comparison.ts). @default [] */
  compareAt?: readonly number[];
  /** Steps of the comparison's umap-js and t-SNE rows. @default { umap: 500, tsne: 750 } */
  compareSteps?: { umap: number; tsne: number };
}
