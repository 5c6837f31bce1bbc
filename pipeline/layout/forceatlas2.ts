/**
 * ForceAtlas2 (Jacomy et al. 2014) through graphology-layout-forceatlas2, on a SparseGraph.
 * Nodes are inserted as "0"…"n-1" and edges in CSR order (i < j), so the library's internal
 * arrays, its Barnes–Hut tree and therefore the output are the same on every run.
 * Gravity pulls towards the origin, so `initial` should be centred there; strong gravity
 * (force ∝ distance) keeps disconnected components from drifting apart.
 * Note: the library keeps positions in float32 and coincident nodes exert no repulsion on
 * each other, so callers should not start with duplicated positions.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { SparseGraph } from '../graph/sparse.ts';

/** ForceAtlas2 settings; see graphology-layout-forceatlas2's README. */
export interface ForceAtlas2Settings {
  /** Barnes–Hut O(n log n) repulsion. @default true */
  barnesHutOptimize?: boolean;
  /** Barnes–Hut accuracy (smaller = more exact, slower). @default 0.6 */
  barnesHutTheta?: number;
  /** Pull towards the origin (weak: clusters keep their gaps). @default 0.1 */
  gravity?: number;
  /** Gravity ∝ distance instead of constant: a bounded layout. @default true */
  strongGravityMode?: boolean;
  /** Repulsion strength, i.e. the layout's overall scale. @default 10 */
  scalingRatio?: number;
  /** Divides every step; larger = steadier. @default 1 + ln(n) */
  slowDown?: number;
  /** Noack's LinLog attraction: tighter, better separated clusters. @default false */
  linLogMode?: boolean;
  /** Attraction ∝ weight^this (0 ignores weights). @default 1 */
  edgeWeightInfluence?: number;
  /** Divide attraction by the source's mass (hubs go to the borders). @default false */
  outboundAttractionDistribution?: boolean;
}

/** Options for `forceAtlas2Layout`. */
export interface ForceAtlas2Options extends ForceAtlas2Settings {
  /** Iterations to run (0 returns a copy of `initial`). @default 100 */
  iterations?: number;
}

/** Size-dependent defaults, after graphology's `inferSettings(order)`. */
export function inferForceAtlas2Settings(n: number): Required<ForceAtlas2Settings> {
  return {
    barnesHutOptimize: true,
    barnesHutTheta: 0.6,
    gravity: 0.1,
    strongGravityMode: true,
    scalingRatio: 10,
    slowDown: 1 + Math.log(Math.max(1, n)),
    linLogMode: false,
    edgeWeightInfluence: 1,
    outboundAttractionDistribution: false,
  };
}

const DEFAULT_ITERATIONS = 100;

/** The graphology graph FA2 runs on: nodes "0"…"n-1" at `positions`, weighted edges i < j. */
export function toGraphology(graph: SparseGraph, positions: Float32Array): Graph {
  const { n, rowPtr, colIdx, weights } = graph;
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (let i = 0; i < n; i++)
    g.addNode(String(i), { x: positions[2 * i], y: positions[2 * i + 1] });
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      if (colIdx[p] > i) g.addUndirectedEdge(String(i), String(colIdx[p]), { weight: weights[p] });
    }
  }
  return g;
}

/** Runs ForceAtlas2 from `initial` (row-major n×2) and returns the new positions. */
export function forceAtlas2Layout(
  graph: SparseGraph,
  initial: Float32Array,
  options: ForceAtlas2Options = {},
): Float32Array {
  const { n } = graph;
  if (initial.length !== 2 * n)
    throw new Error(`forceatlas2: initial length (${initial.length}) must be 2n (${2 * n})`);
  for (let e = 0; e < initial.length; e++) {
    if (!Number.isFinite(initial[e]))
      throw new Error(`forceatlas2: initial[${e}] (${initial[e]}) is not finite`);
  }
  const { iterations = DEFAULT_ITERATIONS, ...overrides } = options;
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new Error(`forceatlas2: iterations (${iterations}) must be an integer ≥ 0`);
  }
  if (iterations === 0 || n === 0) return initial.slice();
  const settings = { ...inferForceAtlas2Settings(n), ...overrides };
  const mapping = forceAtlas2(toGraphology(graph, initial), {
    iterations,
    settings,
    getEdgeWeight: 'weight',
  });
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const p = mapping[String(i)];
    out[2 * i] = p.x;
    out[2 * i + 1] = p.y;
  }
  return out;
}
