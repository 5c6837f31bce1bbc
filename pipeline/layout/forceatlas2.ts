/**
 * ForceAtlas2 (Jacomy et al. 2014) with graphology-layout-forceatlas2, on a SparseGraph.
 * We call the library's own step, `iterate.js`, on the flat matrices its `graphToByteArrays`
 * (helpers.js) would build: creating a graphology Graph with 20k edges costs as much as
 * ten iterations. Nodes are in index order and edges in CSR order (i < j), the order
 * `toGraphology` inserts them, and forceatlas2.test.ts checks the result is bit-identical
 * to the public `forceAtlas2(toGraphology(...))` call. The library is pinned (package.json).
 * Gravity pulls towards the origin, so `initial` should be centred there; strong gravity
 * (force ∝ distance) keeps disconnected components from drifting apart.
 * Note: positions are float32 inside the library, and coincident nodes exert no repulsion
 * on each other, so callers should not start with duplicated positions.
 */
import Graph from 'graphology';
import { createRequire } from 'node:module';
import type { SparseGraph } from '../graph/sparse.ts';

/** ForceAtlas2 settings; see graphology-layout-forceatlas2's README. */
export interface ForceAtlas2Settings {
  /** Barnes–Hut O(n log n) repulsion. @default true */
  barnesHutOptimize?: boolean;
  /** Barnes–Hut accuracy: smaller = more exact, slower (graphology 0.5, Gephi 1.2). @default 1 */
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

/** Size-dependent defaults, after graphology's `inferSettings(order)` with weaker gravity. */
export function inferForceAtlas2Settings(n: number): Required<ForceAtlas2Settings> {
  return {
    barnesHutOptimize: true,
    barnesHutTheta: 1,
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
// helpers.js / iterate.js layout: PPN floats per node, PPE per edge.
const PPN = 10;
const PPE = 3;
const NODE_MASS = 6;
const NODE_CONVERGENCE = 7;
const NODE_SIZE = 8;

type Iterate = (settings: object, nodes: Float32Array, edges: Float32Array) => void;
const iterate = createRequire(import.meta.url)(
  'graphology-layout-forceatlas2/iterate.js',
) as Iterate;

/** The equivalent graphology graph: nodes "0"…"n-1" at `positions`, weighted edges i < j. */
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
  const { n, rowPtr, colIdx, weights } = graph;
  if (initial.length !== 2 * n) {
    throw new Error(`forceatlas2: initial length (${initial.length}) must be 2n (${2 * n})`);
  }
  for (let e = 0; e < initial.length; e++) {
    if (!Number.isFinite(initial[e])) {
      throw new Error(`forceatlas2: initial[${e}] (${initial[e]}) is not finite`);
    }
  }
  const { iterations = DEFAULT_ITERATIONS, ...overrides } = options;
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new Error(`forceatlas2: iterations (${iterations}) must be an integer ≥ 0`);
  }
  if (iterations === 0 || n === 0) return initial.slice();
  const settings = { ...inferForceAtlas2Settings(n), adjustSizes: false, ...overrides };
  for (const key of ['gravity', 'scalingRatio', 'barnesHutTheta', 'slowDown'] as const) {
    const v = settings[key];
    if (!(v >= 0 && v < Infinity) || (key === 'slowDown' && v === 0)) {
      throw new Error(
        `forceatlas2: ${key} (${v}) must be finite and ${key === 'slowDown' ? '> 0' : '≥ 0'}`,
      );
    }
  }
  const nodes = new Float32Array(n * PPN);
  for (let i = 0; i < n; i++) {
    nodes[i * PPN] = initial[2 * i];
    nodes[i * PPN + 1] = initial[2 * i + 1];
    nodes[i * PPN + NODE_MASS] = 1;
    nodes[i * PPN + NODE_CONVERGENCE] = 1;
    nodes[i * PPN + NODE_SIZE] = 1;
  }
  const edges = new Float32Array((colIdx.length / 2) * PPE);
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const j = colIdx[p];
      if (j < i) continue;
      // Mass = 1 + weighted degree, summed in float32 in edge order, as the library does.
      nodes[i * PPN + NODE_MASS] += weights[p];
      nodes[j * PPN + NODE_MASS] += weights[p];
      edges[e] = i * PPN; // the library stores matrix offsets, not indices
      edges[e + 1] = j * PPN;
      edges[e + 2] = weights[p];
      e += PPE;
    }
  }
  for (let it = 0; it < iterations; it++) iterate(settings, nodes, edges);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = nodes[i * PPN];
    out[2 * i + 1] = nodes[i * PPN + 1];
  }
  return out;
}
