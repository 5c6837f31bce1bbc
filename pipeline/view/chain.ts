/**
 * The reusable view stage: a sequence of point sets over the same nodes (one per snapshot)
 * → distances (Gram matrix on the thread's tfjs backend) and nearest neighbours (exact) → graph (builder chosen by name) → layout (spectral
 * cold start, then warm-started and aligned) → metrics (by metrics-table column name) →
 * display edges, and optionally a linear view (PCA, aligned likewise). One chain per (experiment, split); its state is the previous layout, so a
 * chain's calls must come in snapshot order. Options are plain data: a chain can be built in
 * a worker thread from the same options and gives the same bytes.
 */
import { displayEdges, type DisplayEdges } from '../graph/display-edges.ts';
import { GRAPH_BUILDERS } from '../graph/builders.ts';
import { knn, firstNeighbors, type KnnResult } from '../graph/knn.ts';
import type { SparseGraph } from '../graph/sparse.ts';
import { gramDistances, pairwiseDistances } from '../graph/distances.ts';
import { applyTransform, fitToBox, procrustes } from '../layout/align.ts';
import { pcaProjection } from '../layout/pca.ts';
import { ringIsolated } from '../layout/ring.ts';
import { perplexityAffinities } from '../layout/affinities.ts';
import { logLocalRadii } from '../layout/neighbor-embedding.ts';
import { createLayoutSequence, type LayoutSequenceState } from '../layout/sequence.ts';
import { viewMetric } from '../metrics/registry.ts';
import { checkK } from '../metrics/validate.ts';
import { createRandom, deriveSeed } from '../util/random.ts';
import type { ComparedView } from './fidelity-comparison.ts';
import { layoutSteps } from './layout-steps.ts';
import type { ViewChainOptions } from './options.ts';

export type { ViewChainOptions } from './options.ts';

/** Perplexity of the refinement's affinities (t-SNE's usual 30; Figure 8's t-SNE row uses the same). */
export const PERPLEXITY = 30;

/** Neighbours the refinement's affinities need for n points: 3 × PERPLEXITY (fewer on tiny sets). */
export function affinityNeighbors(n: number): number {
  return Math.min(n - 1, 3 * PERPLEXITY);
}

/**
 * The refinement's inputs for one view: t-SNE affinities at PERPLEXITY over the first
 * `affinityNeighbors(n)` of `neighbors`, and the density term's target log local radii over
 * the view's graph, from the points' distances (n×n).
 */
export function embeddingInputs(
  neighbors: KnnResult,
  graph: SparseGraph,
  distances: Float32Array,
): { affinities: SparseGraph; radii: Float64Array } {
  const { n } = neighbors;
  const k = affinityNeighbors(n);
  return {
    affinities: perplexityAffinities(firstNeighbors(neighbors, k), {
      perplexity: Math.min(PERPLEXITY, k / 3),
    }),
    radii: logLocalRadii(graph, (i, j) => distances[i * n + j] ** 2),
  };
}

/** One snapshot's points: row-major n×dim. */
export interface ViewInput {
  readonly snapshot: number;
  readonly points: Float32Array;
  readonly dim: number;
}

/** One view: its layout, display edges and metric values by column name. */
export interface ViewOutput {
  /** Row-major n×2, in the box. */
  readonly positions: Float32Array;
  readonly edges: DisplayEdges;
  readonly metrics: Record<string, number>;
  /** With the projection option: row-major n×2 PCA coordinates, aligned and in the box. */
  readonly projection?: Float32Array;
  /**
   * At a `compareAt` snapshot: what `compareLayouts` needs (its own copy of the published
   * layout). The pool runs the comparison as a job of its own, on whichever worker is least
   * busy: it costs about 15 views, and the chain's next snapshot does not depend on it.
   */
  readonly compare?: ComparedView;
  /** Wall-clock seconds of the layout step; for reporting only, never written into artifacts. */
  readonly layoutSeconds?: number;
}

export interface ViewChain {
  /** The next snapshot's view; snapshots must come in order. */
  next(input: ViewInput): ViewOutput;
  /** [spectral, ForceAtlas2 cold, published] layouts of the last view's graph (needs stepsSeed). */
  steps(): Float32Array[];
  /** What the next call depends on, as plain data: another thread's chain resumes from it. */
  state(): ViewChainState;
}

/** A chain's state between calls (`ViewChain.state`, `createViewChain`'s `resume`). */
export interface ViewChainState {
  /** The snapshot the chain takes next (-1: any, before its first). */
  expected: number;
  previous?: Float32Array;
  previousProjection?: Float32Array;
  last?: { graph: SparseGraph; positions: Float32Array };
  sequence: LayoutSequenceState;
}

/**
 * Creates a view chain; see the file header. `resume`: continue from another chain's `state()`
 * (same options); the next calls give the bytes that chain's would (tested with the pool).
 */
export function createViewChain(options: ViewChainOptions, resume?: ViewChainState): ViewChain {
  const n = options.labels.length;
  const sequence = createLayoutSequence(
    {
      random: createRandom(options.layout.seed),
      coldIterations: options.layout.coldIterations,
      warmIterations: options.layout.warmIterations,
      ...(options.layout.fa2 ? { fa2: options.layout.fa2 } : {}),
      ...(options.layout.refine
        ? { refine: options.layout.refine === true ? {} : options.layout.refine }
        : {}),
    },
    resume?.sequence,
  );
  const metrics = options.metrics.map((name) => [name, viewMetric(name)] as const);
  const build = GRAPH_BUILDERS[options.graph.builder];
  if (!build) throw new Error(`view: unknown graph builder "${options.graph.builder}"`);
  checkK('view', options.metricsK, n / 2, 'n/2');
  const nodeColumns = options.nodeColumns ?? {};
  const affinityK = affinityNeighbors(n);
  for (const [name, column] of Object.entries(nodeColumns)) {
    if (column.length !== n)
      throw new Error(`view: node column "${name}" has ${column.length} values for ${n} nodes`);
  }
  let previous = resume?.previous;
  let previousProjection = resume?.previousProjection;
  let last = resume?.last;
  let expected = resume?.expected ?? -1;
  return {
    state: () => ({
      expected,
      ...(previous ? { previous } : {}),
      ...(previousProjection ? { previousProjection } : {}),
      ...(last ? { last } : {}),
      sequence: sequence.state(),
    }),
    next({ snapshot, points, dim }: ViewInput): ViewOutput {
      if (points.length !== n * dim)
        throw new Error(
          `view: snapshot ${snapshot} has ${points.length} values, expected n*dim (${n}*${dim})`,
        );
      if (expected >= 0 && snapshot !== expected)
        throw new Error(
          `view: snapshot ${snapshot} came after ${expected - 1}; a chain takes snapshots in order`,
        );
      expected = snapshot + 1;
      // Distances from the Gram matrix on the tfjs backend (fast); the kNN is re-ranked by exact
      // differences and certified, so it equals the exact kNN (graph/knn.ts). One kNN serves the
      // graph and the metrics: a shorter list is a prefix of a longer one (same order).
      const distances = gramDistances(points, n, dim);
      const neighbors = knn(distances, n, {
        k: Math.max(options.graph.k, options.metricsK, options.layout.refine ? affinityK : 0),
        refine: { data: points, dim },
      });
      const graph = build({ n, points, dim, distances, neighbors }, options.graph);
      const embedding = options.layout.refine
        ? embeddingInputs(neighbors, graph, distances)
        : undefined;
      const { positions: laid, seconds: layoutSeconds } = sequence.next(graph, embedding);
      const positions = options.isolated === 'ring' ? ringIsolated(laid, graph) : laid;
      // The metrics measure the first n nodes (the points'); a bipartite graph's units follow them.
      const measured = positions.subarray(0, 2 * n);
      const lowDist = pairwiseDistances(measured, n, 2);
      const k = options.metricsK;
      const context = {
        n,
        activations: points,
        dim,
        layout: measured,
        ...(previous ? { previousLayout: previous } : {}),
        labels: options.labels,
        k,
        highDist: distances,
        lowDist,
        highNeighbors: firstNeighbors(neighbors, k).indices,
        lowNeighbors: knn(lowDist, n, { k }).indices,
        seed: deriveSeed(options.metricsSeed, `snapshot-${snapshot}`),
        nodeColumns,
      };
      const values = Object.fromEntries(metrics.map(([name, metric]) => [name, metric(context)]));
      previous = measured;
      last = { graph, positions };
      const output = {
        positions,
        edges: displayEdges(graph, { perNode: options.displayEdgesPerNode }),
        metrics: values,
        layoutSeconds,
        ...(options.compareAt?.includes(snapshot)
          ? {
              compare: {
                points,
                dim,
                distances,
                neighbors: context.highNeighbors,
                graph,
                ...(embedding ?? {}),
                published: positions.slice(),
              },
            }
          : {}),
      };
      if (!options.projection) return output;
      const raw = pcaProjection(points, n, dim);
      // Rotated, reflected and scaled onto the previous projection, so the axes do not flip between snapshots.
      const aligned = previousProjection
        ? applyTransform(raw, n, procrustes(raw, previousProjection, n))
        : raw;
      previousProjection = fitToBox(aligned, n);
      return { ...output, projection: previousProjection };
    },
    steps(): Float32Array[] {
      if (!last || options.stepsSeed === undefined)
        throw new Error('view: steps need a finished view and a stepsSeed');
      return layoutSteps(last.graph, last.positions, {
        random: createRandom(options.stepsSeed),
        coldIterations: options.layout.coldIterations,
      });
    },
  };
}
