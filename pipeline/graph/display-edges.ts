/**
 * The edges worth drawing: each node keeps its `perNode` strongest edges (ties → smaller
 * neighbour index), the union is deduplicated as source < target and sorted by
 * (source, target). A node can end up with more than `perNode` edges (others chose it),
 * never fewer than min(perNode, its degree).
 */
import type { SparseGraph } from './sparse.ts';

/** Options for `displayEdges`. */
export interface DisplayEdgesOptions {
  /** Strongest edges each node contributes. @default 3 */
  perNode?: number;
}

/** Edge list for drawing, sorted by (source, target), source < target. */
export interface DisplayEdges {
  source: Int32Array;
  target: Int32Array;
  weight: Float32Array;
}

const DEFAULTS: Required<DisplayEdgesOptions> = { perNode: 3 };

/** Keeps each node's strongest edges for display. */
export function displayEdges(graph: SparseGraph, options: DisplayEdgesOptions = {}): DisplayEdges {
  const { perNode } = { ...DEFAULTS, ...options };
  if (!Number.isInteger(perNode) || perNode < 0) {
    throw new Error(`displayEdges: perNode (${perNode}) must be an integer ≥ 0`);
  }
  const { n, rowPtr, colIdx, weights } = graph;
  // Pairs encoded as s*n + t: exact in float64 while n² < 2^53.
  const keys: number[] = [];
  const best = new Int32Array(perNode);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      // Columns ascend, so an equal weight never displaces an earlier (smaller) neighbour.
      if (count === perNode && !(weights[p] > weights[best[perNode - 1]])) continue;
      let q = count < perNode ? count++ : perNode - 1;
      while (q > 0 && weights[best[q - 1]] < weights[p]) {
        best[q] = best[q - 1];
        q--;
      }
      best[q] = p;
    }
    for (let q = 0; q < count; q++) {
      const j = colIdx[best[q]];
      keys.push(i < j ? i * n + j : j * n + i);
    }
  }
  const sorted = Float64Array.from(keys).sort();
  let m = 0;
  for (let e = 0; e < sorted.length; e++)
    if (e === 0 || sorted[e] !== sorted[e - 1]) sorted[m++] = sorted[e];
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  const weight = new Float32Array(m);
  for (let e = 0; e < m; e++) {
    const s = Math.floor(sorted[e] / n);
    const t = sorted[e] - s * n;
    source[e] = s;
    target[e] = t;
    weight[e] = weightOf(graph, s, t);
  }
  return { source, target, weight };
}

/** Weight of edge (s, t) by binary search in row s (columns are sorted). */
function weightOf(graph: SparseGraph, s: number, t: number): number {
  let lo = graph.rowPtr[s];
  let hi = graph.rowPtr[s + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = graph.colIdx[mid];
    if (c === t) return graph.weights[mid];
    if (c < t) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error(`displayEdges: edge (${s}, ${t}) missing from row ${s}; graph is not symmetric`);
}
