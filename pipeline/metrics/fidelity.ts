/**
 * How faithful a 2-D layout is to the points it was made from: trustworthiness, continuity,
 * kNN preservation and neighbourhood hit at k, each by its registered view metric, with
 * exact distances in both spaces. For comparing layouts of one snapshot (ours, UMAP, PCA).
 */
import { pairwiseDistances } from '../graph/distances.ts';
import { knn } from '../graph/knn.ts';
import { viewMetric, type ViewMetricContext } from './registry.ts';

/** The fidelity metrics, by metrics-table column name. */
export const FIDELITY_METRICS = [
  'trustworthiness',
  'continuity',
  'knn_preservation',
  'neighborhood_hit',
] as const;
export type FidelityMetric = (typeof FIDELITY_METRICS)[number];

/** Fidelity at `k` of `layout` (n×2) to `points` (n×dim); `highDist` may be passed when known. */
export function layoutFidelity(
  points: Float32Array,
  dim: number,
  layout: Float32Array,
  labels: ArrayLike<number>,
  k: number,
  highDist?: Float32Array,
): Record<FidelityMetric, number> {
  const n = labels.length;
  const high = highDist ?? pairwiseDistances(points, n, dim);
  const low = pairwiseDistances(layout, n, 2);
  const context: ViewMetricContext = {
    n,
    activations: points,
    dim,
    layout,
    labels,
    k,
    highDist: high,
    lowDist: low,
    highNeighbors: knn(high, n, { k, refine: { data: points, dim } }).indices,
    lowNeighbors: knn(low, n, { k }).indices,
    seed: 0,
    nodeColumns: {},
  };
  return Object.fromEntries(
    FIDELITY_METRICS.map((name) => [name, viewMetric(name)(context)]),
  ) as Record<FidelityMetric, number>;
}
