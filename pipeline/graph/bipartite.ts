/**
 * The neuron × sample graph of one layer: nodes 0 … n−1 are the samples, n … n+dim−1 the
 * layer's units. A sample links to a unit when the unit fires strongly for it: the sample is
 * among the unit's top `share` of samples by activation (ties at the cut included) and the
 * activation is > 0. The edge weight is that activation. Samples never link to samples, units
 * never to units; a unit that is 0 on every sample (dead) has no edge.
 */
import { graphFromEdges, type SparseGraph } from './sparse.ts';

/** Options for `bipartiteGraph`. */
export interface BipartiteOptions {
  /**
   * Share of the samples each unit links to: its strongest ⌈share·n⌉. Relative to the unit's
   * own distribution, so units with large and small activation scales get the same degree.
   * @default 0.1
   */
  share?: number;
}

const DEFAULTS: Required<BipartiteOptions> = { share: 0.1 };

/** Samples each unit links to at most (before ties), for n samples. */
export function edgesPerUnit(n: number, share: number): number {
  return Math.max(1, Math.ceil(share * n));
}

/** Builds the bipartite graph from row-major n×dim activations (samples × units). */
export function bipartiteGraph(
  activations: Float32Array,
  n: number,
  dim: number,
  options: BipartiteOptions = {},
): SparseGraph {
  const { share } = { ...DEFAULTS, ...options };
  if (!(share > 0 && share <= 1))
    throw new Error(`bipartiteGraph: share (${share}) must be in (0, 1]`);
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(dim) || dim < 1)
    throw new Error(`bipartiteGraph: n (${n}) and dim (${dim}) must be positive integers`);
  if (activations.length !== n * dim)
    throw new Error(
      `bipartiteGraph: activations length (${activations.length}) must equal n*dim (${n}*${dim})`,
    );
  const top = edgesPerUnit(n, share);
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const column = new Float32Array(n);
  for (let j = 0; j < dim; j++) {
    for (let i = 0; i < n; i++) column[i] = activations[i * dim + j];
    // The top-th largest activation is the unit's own cut.
    const cut = Float32Array.from(column).sort()[n - top];
    for (let i = 0; i < n; i++) {
      const a = column[i];
      if (a > 0 && a >= cut) {
        source.push(i);
        target.push(n + j);
        weight.push(a);
      }
    }
  }
  return graphFromEdges(n + dim, source, target, weight);
}
