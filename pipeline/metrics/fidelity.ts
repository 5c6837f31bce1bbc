/**
 * How faithful a 2-D layout is to the points it was made from: trustworthiness, continuity,
 * kNN preservation, neighbourhood hit and local radius r at k, each by its registered view
 * metric, with exact distances in both spaces, and per point the neighbours it kept; and how
 * legible it is drawn (visible share). For comparing layouts of one snapshot (ours, UMAP, PCA).
 * The distance metrics read the method's own coordinates; visible share reads the layout
 * fitted into the box (`fitToBox`, as every published layout is), since a raw UMAP or PCA
 * layout is never drawn as it is.
 */
import { pairwiseDistances } from '../graph/distances.ts';
import { knn } from '../graph/knn.ts';
import { fitToBox } from '../layout/align.ts';
import { preservedNeighbours } from './knn-preservation.ts';
import { viewMetric, type ViewMetricContext } from './registry.ts';

/** The fidelity metrics, by metrics-table column name. */
export const FIDELITY_METRICS = [
  'trustworthiness',
  'continuity',
  'knn_preservation',
  'neighborhood_hit',
  'local_radius_r',
  'visible_share',
] as const;
export type FidelityMetric = (typeof FIDELITY_METRICS)[number];

/** The fidelity scores of a layout, and per point how many of its k neighbours it kept. */
export type LayoutFidelity = Record<FidelityMetric, number> & {
  /** |N_high(i) ∩ N_low(i)| per point, 0 … k (their mean over k is `knn_preservation`). */
  preserved: Uint8Array;
};

/**
 * Fidelity at `k` of `layout` (n×2) to `points` (n×dim). `high` passes what is already known
 * of activation space: its distances and, optionally, each point's k nearest neighbours
 * (the exact kNN, as `knn` with `refine` gives it).
 */
export function layoutFidelity(
  points: Float32Array,
  dim: number,
  layout: Float32Array,
  labels: ArrayLike<number>,
  k: number,
  high?: { distances: Float32Array; neighbors?: Int32Array },
): LayoutFidelity {
  const n = labels.length;
  const highDist = high?.distances ?? pairwiseDistances(points, n, dim);
  const low = pairwiseDistances(layout, n, 2);
  const context: ViewMetricContext = {
    n,
    activations: points,
    dim,
    // Only the drawn metric (visible_share) reads it. Refitting a published layout moves its
    // points by < 1e-3 box units (committed mlp-classes data: its visible share is unchanged).
    layout: fitToBox(layout, n),
    labels,
    k,
    highDist,
    lowDist: low,
    highNeighbors:
      high?.neighbors ?? knn(highDist, n, { k, refine: { data: points, dim } }).indices,
    lowNeighbors: knn(low, n, { k }).indices,
    seed: 0,
    nodeColumns: {},
  };
  const scores = Object.fromEntries(
    FIDELITY_METRICS.map((name) => [name, viewMetric(name)(context)]),
  ) as Record<FidelityMetric, number>;
  const preserved = preservedNeighbours(highDist, low, n, {
    k,
    highNeighbors: context.highNeighbors,
    lowNeighbors: context.lowNeighbors,
  });
  return { ...scores, preserved };
}
