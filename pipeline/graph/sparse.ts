/**
 * Undirected weighted graphs in CSR form, the currency between the graph and layout stages.
 * Every undirected edge {i, j} is stored twice (in row i and in row j) with the same weight;
 * columns are sorted ascending within each row; there are no self-loops.
 */

/** Symmetric sparse adjacency in compressed sparse row form. */
export interface SparseGraph {
  /** Number of nodes. */
  n: number;
  /** Row i's entries are `colIdx[rowPtr[i] .. rowPtr[i + 1])`; length n + 1. */
  rowPtr: Int32Array;
  /** Neighbour indices, ascending within each row. */
  colIdx: Int32Array;
  /** Edge weights, parallel to `colIdx`. */
  weights: Float32Array;
}

/** Number of undirected edges (each is stored twice). */
export function edgeCount(graph: SparseGraph): number {
  return graph.colIdx.length / 2;
}

/** Weighted degree Σ_j w_ij of every node, in float64. */
export function weightedDegrees(graph: SparseGraph): Float64Array {
  const { n, rowPtr, weights } = graph;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += weights[p];
    out[i] = s;
  }
  return out;
}

/** Number of neighbours of node i. */
export function degree(graph: SparseGraph, i: number): number {
  return graph.rowPtr[i + 1] - graph.rowPtr[i];
}

/** Node i's neighbours and weights as views (no copy) into the CSR arrays. */
export function edgesOf(
  graph: SparseGraph,
  i: number,
): { indices: Int32Array; weights: Float32Array } {
  const start = graph.rowPtr[i];
  const end = graph.rowPtr[i + 1];
  return {
    indices: graph.colIdx.subarray(start, end),
    weights: graph.weights.subarray(start, end),
  };
}

/**
 * Builds a SparseGraph from undirected edges given once each (either orientation).
 * Weights must be finite and > 0; self-loops and repeated pairs are errors, so callers
 * decide explicitly how to merge (e.g. the fuzzy union in `knnGraph`).
 */
export function graphFromEdges(
  n: number,
  source: ArrayLike<number>,
  target: ArrayLike<number>,
  weight: ArrayLike<number>,
): SparseGraph {
  const m = source.length;
  if (target.length !== m || weight.length !== m) {
    throw new Error(
      `sparse: source, target, weight lengths (${m}, ${target.length}, ${weight.length}) differ`,
    );
  }
  const rowPtr = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const s = source[e];
    const t = target[e];
    const w = weight[e];
    if (!(s >= 0 && s < n && t >= 0 && t < n) || s !== Math.floor(s) || t !== Math.floor(t)) {
      throw new Error(`sparse: edge ${e} (${s}, ${t}) is outside 0…${n - 1}`);
    }
    if (s === t) throw new Error(`sparse: edge ${e} is a self-loop on node ${s}`);
    if (!(w > 0 && Number.isFinite(w)))
      throw new Error(`sparse: edge ${e} weight (${w}) must be finite and > 0`);
    rowPtr[s + 1]++;
    rowPtr[t + 1]++;
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  let fill = rowPtr.slice(0, n);
  const cols = new Int32Array(2 * m);
  const ws = new Float32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const s = source[e];
    const t = target[e];
    cols[fill[s]] = t;
    ws[fill[s]++] = weight[e];
    cols[fill[t]] = s;
    ws[fill[t]++] = weight[e];
  }
  // Transposing visits rows in order, so every row of the result comes out sorted; the
  // matrix is symmetric, so the transpose is the graph itself. O(m), no comparison sort.
  fill = rowPtr.slice(0, n);
  const colIdx = new Int32Array(2 * m);
  const weights = new Float32Array(2 * m);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      colIdx[fill[cols[p]]] = i;
      weights[fill[cols[p]]++] = ws[p];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i] + 1; p < rowPtr[i + 1]; p++) {
      if (colIdx[p] === colIdx[p - 1]) {
        throw new Error(`sparse: edge (${i}, ${colIdx[p]}) is given twice`);
      }
    }
  }
  return { n, rowPtr, colIdx, weights };
}
