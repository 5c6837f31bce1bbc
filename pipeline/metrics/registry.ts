/**
 * Per-view metrics by metrics-table column name: the view stage computes, for every `view`
 * column of an experiment's metrics spec, the function registered here under that name.
 * A new metric is one column in the contract plus one entry here.
 */
import { classDisplacement } from './class-displacement.ts';
import { deadUnits } from './dead-units.ts';
import { meanDisplacement } from './displacement.ts';
import { knnPreservation } from './knn-preservation.ts';
import { linearProbeAccuracy } from './linear-probe.ts';
import { localRadiusR } from './local-radius.ts';
import { neighborhoodHit } from './neighborhood-hit.ts';
import { neighbourMajorityShare } from './neighbour-share.ts';
import { meanSelectivity, unitSelectivity } from './selectivity.ts';
import { silhouette } from './silhouette.ts';
import { continuity, trustworthiness } from './trustworthiness.ts';
import { visibleShare } from './visible-share.ts';
import { createRandom } from '../util/random.ts';

/** Everything a view metric may read; distances and neighbour lists are computed once per view. */
export interface ViewMetricContext {
  /** Nodes in the view. */
  readonly n: number;
  /** Row-major n×dim points the view was built from (a layer's activations). */
  readonly activations: Float32Array;
  readonly dim: number;
  /** Row-major n×2 layout in the box (as the site draws it), before it is rounded for storage. */
  readonly layout: Float32Array;
  /** The previous snapshot's layout of this view (aligned, same nodes); absent at the first. */
  readonly previousLayout?: Float32Array;
  /** Class of each node. */
  readonly labels: ArrayLike<number>;
  /** Neighbourhood size of the neighbourhood metrics. */
  readonly k: number;
  /** n×n distances in activation space and in the layout. */
  readonly highDist: Float32Array;
  readonly lowDist: Float32Array;
  /** n×k nearest neighbours (nearest first) in each space. */
  readonly highNeighbors: Int32Array;
  readonly lowNeighbors: Int32Array;
  /** Seed for metrics that draw random numbers (derived per view). */
  readonly seed: number;
  /** Extra per-node integer columns an experiment passes to its metrics, by name (mlp-scrambled: `assigned`, `scrambled`). */
  readonly nodeColumns: Readonly<Record<string, ArrayLike<number>>>;
}

/** A node column a metric needs, or an error naming it. */
function nodeColumn(c: ViewMetricContext, name: string): ArrayLike<number> {
  const column = Object.hasOwn(c.nodeColumns, name) ? c.nodeColumns[name] : undefined;
  if (!column)
    throw new Error(
      `metrics: this metric needs the node column "${name}" (given: ${Object.keys(c.nodeColumns).join(', ') || 'none'})`,
    );
  return column;
}

/** Scrambled samples whose neighbours (in `space`) mostly carry their true class or their assigned label. */
function scrambledShare(
  space: 'lowNeighbors' | 'highNeighbors',
  which: 'true' | 'assigned',
): ViewMetric {
  return (c) =>
    neighbourMajorityShare(
      c[space],
      c.n,
      c.k,
      c.labels,
      which === 'true' ? c.labels : nodeColumn(c, 'assigned'),
      nodeColumn(c, 'scrambled'),
    );
}

export type ViewMetric = (c: ViewMetricContext) => number;

export const VIEW_METRICS: Readonly<Record<string, ViewMetric>> = {
  silhouette_activation: (c) => silhouette(c.highDist, c.n, c.labels),
  silhouette_layout: (c) => silhouette(c.lowDist, c.n, c.labels),
  neighborhood_hit: (c) => neighborhoodHit(c.lowNeighbors, c.n, c.k, c.labels),
  trustworthiness: (c) => trustworthiness(c.highDist, c.lowDist, c.n, c),
  continuity: (c) => continuity(c.highDist, c.lowDist, c.n, c),
  knn_preservation: (c) => knnPreservation(c.highDist, c.lowDist, c.n, c),
  // The layout as drawn in the site's reference panel (contract-drawing.ts).
  visible_share: (c) => visibleShare(c.layout, c.n),
  local_radius_r: (c) =>
    localRadiusR(
      { dist: c.highDist, neighbors: c.highNeighbors },
      { dist: c.lowDist, neighbors: c.lowNeighbors },
      c.n,
      { k: c.k },
    ),
  displacement: (c) => (c.previousLayout ? meanDisplacement(c.previousLayout, c.layout, c.n) : 0),
  class_displacement: (c) =>
    c.previousLayout ? classDisplacement(c.previousLayout, c.layout, c.n, c.labels) : 0,
  dead_units: (c) => deadUnits(c.activations, c.n, c.dim),
  // Classes 0 … the largest label: the trace set is class-balanced, so every class is present.
  mean_selectivity: (c) =>
    meanSelectivity(
      unitSelectivity(c.activations, c.n, c.dim, c.labels, Math.max(...Array.from(c.labels)) + 1),
    ),
  linear_probe: (c) =>
    linearProbeAccuracy(c.activations, c.n, c.dim, c.labels, { random: createRandom(c.seed) }),
  scrambled_true_layout: scrambledShare('lowNeighbors', 'true'),
  scrambled_assigned_layout: scrambledShare('lowNeighbors', 'assigned'),
  scrambled_true_activation: scrambledShare('highNeighbors', 'true'),
  scrambled_assigned_activation: scrambledShare('highNeighbors', 'assigned'),
};

/** The metric registered for a column, or an error naming the column. */
export function viewMetric(column: string): ViewMetric {
  const metric = Object.hasOwn(VIEW_METRICS, column) ? VIEW_METRICS[column] : undefined;
  if (!metric)
    throw new Error(
      `metrics: no view metric is registered for column "${column}" (known: ${Object.keys(VIEW_METRICS).join(', ')})`,
    );
  return metric;
}
