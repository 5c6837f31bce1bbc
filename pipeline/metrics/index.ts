/**
 * Structure metrics of one (snapshot, hidden layer): how classes separate in activation
 * space and in the layout, and how faithfully the layout keeps activation-space
 * neighbourhoods. Each space's distance matrix and k-NN are computed once and shared.
 */
import { pairwiseDistances } from '../graph/distances.ts';
import { nearestNeighbors } from './neighbors.ts';
import { viewMetric, type ViewMetricContext } from './registry.ts';
import { checkCount, checkK, checkLength, checkMatrix } from './validate.ts';

export { deadUnits } from './dead-units.ts';
export { VIEW_METRICS, viewMetric, type ViewMetric, type ViewMetricContext } from './registry.ts';
export { meanDisplacement } from './displacement.ts';
export { knnPreservation, type KnnPreservationOptions } from './knn-preservation.ts';
export { neighborhoodHit } from './neighborhood-hit.ts';
export { nearestNeighbors, neighborRank } from './neighbors.ts';
export { silhouette } from './silhouette.ts';
export { continuity, trustworthiness, type TrustworthinessOptions } from './trustworthiness.ts';

/** One layer at one snapshot: row i of every array is trace sample i. */
export interface StructureInput {
  /** Row-major n×dim activations of the layer. */
  activations: Float32Array;
  /** Units in the layer (columns of `activations`). */
  dim: number;
  /** Row-major n×2 layout positions. */
  layout: Float32Array;
  /** The previous snapshot's layout (aligned, same node order); absent at the first snapshot. */
  previousLayout?: Float32Array;
  /** Integer class of each sample. */
  labels: ArrayLike<number>;
  /** Number of samples; k < n/2 is required. */
  n: number;
}

/** Options of {@link structureMetrics}. */
export interface StructureMetricsOptions {
  /** Neighbourhood size for neighbourhood hit, trustworthiness, continuity and kNN preservation; k < n/2. @default 10 */
  k?: number;
  /** `pairwiseDistances(activations, n, dim)`, reused when given (it dominates the cost). @default computed here */
  activationDistances?: Float32Array;
}

/** The metrics row of one (snapshot, layer); see `METRICS` in the contract. */
export interface StructureMetrics {
  silhouetteActivation: number;
  silhouetteLayout: number;
  neighborhoodHit: number;
  trustworthiness: number;
  continuity: number;
  knnPreservation: number;
  /** 0 when there is no previous layout. */
  displacement: number;
}

const DEFAULTS = { k: 10 } as const;

/** Every structure metric of one layer at one snapshot. */
export function structureMetrics(
  input: StructureInput,
  options: StructureMetricsOptions = {},
): StructureMetrics {
  const { k, activationDistances } = { ...DEFAULTS, ...options };
  const { activations, dim, layout, previousLayout, labels, n } = input;
  checkCount('structureMetrics', n);
  // Trustworthiness needs k < n/2; say so here rather than from deep inside.
  checkK('structureMetrics', k, n / 2, 'n/2');
  checkLength('structureMetrics', 'layout', layout, n * 2, 'n*2');
  if (activationDistances)
    checkMatrix('structureMetrics', 'activationDistances', activationDistances, n);
  else checkLength('structureMetrics', 'activations', activations, n * dim, 'n*dim');
  if (previousLayout)
    checkLength('structureMetrics', 'previousLayout', previousLayout, n * 2, 'n*2');

  const highDist = activationDistances ?? pairwiseDistances(activations, n, dim);
  const lowDist = pairwiseDistances(layout, n, 2);
  const context: ViewMetricContext = {
    n,
    activations,
    dim,
    layout,
    ...(previousLayout ? { previousLayout } : {}),
    labels,
    k,
    highDist,
    lowDist,
    highNeighbors: nearestNeighbors(highDist, n, k),
    lowNeighbors: nearestNeighbors(lowDist, n, k),
    seed: 0,
    nodeColumns: {},
  };
  const m = (column: string): number => viewMetric(column)(context);
  return {
    silhouetteActivation: m('silhouette_activation'),
    silhouetteLayout: m('silhouette_layout'),
    neighborhoodHit: m('neighborhood_hit'),
    trustworthiness: m('trustworthiness'),
    continuity: m('continuity'),
    knnPreservation: m('knn_preservation'),
    displacement: m('displacement'),
  };
}
