/**
 * Graph builders by name, the view stage's parameter: each turns a view's points (with their
 * distances and nearest neighbours, computed once per view) into a weighted graph.
 */
import { bipartiteGraph } from './bipartite.ts';
import { firstNeighbors, type KnnResult } from './knn.ts';
import { knnGraph } from './knn-graph.ts';
import type { SparseGraph } from './sparse.ts';

/** What a builder may read about one view. */
export interface GraphInput {
  readonly n: number;
  /** Row-major n×dim points. */
  readonly points: Float32Array;
  readonly dim: number;
  /** n×n distances between the points. */
  readonly distances: Float32Array;
  /** Nearest neighbours, at least as many per node as any builder option asks for. */
  readonly neighbors: KnnResult;
}

/** Builder options; `k` is the neighbourhood size of kNN-based builders. */
export interface GraphBuilderOptions {
  readonly k: number;
  /** bipartite: share of the samples each unit links to (see bipartite.ts). @default 0.1 */
  readonly share?: number;
}

export const GRAPH_BUILDERS = {
  /** UMAP-style fuzzy kNN graph, symmetrised (see knn-graph.ts). */
  knn: (input: GraphInput, options: GraphBuilderOptions): SparseGraph =>
    knnGraph(firstNeighbors(input.neighbors, options.k)),
  /** Neuron × sample graph: nodes are the n samples, then the dim units (see bipartite.ts). */
  bipartite: (input: GraphInput, options: GraphBuilderOptions): SparseGraph =>
    bipartiteGraph(input.points, input.n, input.dim, {
      ...(options.share !== undefined ? { share: options.share } : {}),
    }),
} satisfies Record<string, (input: GraphInput, options: GraphBuilderOptions) => SparseGraph>;

export type GraphBuilderName = keyof typeof GRAPH_BUILDERS;
