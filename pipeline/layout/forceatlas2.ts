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

/** Options for `forceAtlas2Layout` and `forceAtlas2Run`. */
export interface ForceAtlas2Options extends ForceAtlas2Settings {
  /** Iterations to run; with `tolerance` > 0 the most to run (0 returns a copy of `initial`). @default 100 */
  iterations?: number;
  /**
   * Stop early once the relative step — RMS distance the nodes moved in one iteration over
   * the layout's RMS radius about its centroid — has stayed below this for `patience`
   * consecutive iterations. Deterministic: no wall clock. 0 never stops early. @default 0
   */
  tolerance?: number;
  /** Consecutive iterations below `tolerance` needed to stop. @default 5 */
  patience?: number;
  /** Called after every iteration with its 1-based number and relative step. @default none */
  onIteration?: (iteration: number, relativeStep: number) => void;
}

/** What `forceAtlas2Run` did. */
export interface ForceAtlas2Result {
  /** Row-major n×2. */
  positions: Float32Array;
  /** Iterations run. */
  iterations: number;
  /** Whether it stopped on `tolerance` before the `iterations` cap. */
  converged: boolean;
  /** Relative step of the last iteration (0 when none ran). */
  relativeStep: number;
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
const DEFAULT_PATIENCE = 5;
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
  return forceAtlas2Run(graph, initial, options).positions;
}

/** `forceAtlas2Layout`, also saying how many iterations ran and whether it converged. */
export function forceAtlas2Run(
  graph: SparseGraph,
  initial: Float32Array,
  options: ForceAtlas2Options = {},
): ForceAtlas2Result {
  const { n, rowPtr, colIdx, weights } = graph;
  if (initial.length !== 2 * n) {
    throw new Error(`forceatlas2: initial length (${initial.length}) must be 2n (${2 * n})`);
  }
  for (let e = 0; e < initial.length; e++) {
    if (!Number.isFinite(initial[e])) {
      throw new Error(`forceatlas2: initial[${e}] (${initial[e]}) is not finite`);
    }
  }
  const {
    iterations = DEFAULT_ITERATIONS,
    tolerance = 0,
    patience = DEFAULT_PATIENCE,
    onIteration,
    ...overrides
  } = options;
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new Error(`forceatlas2: iterations (${iterations}) must be an integer ≥ 0`);
  }
  if (!(tolerance >= 0 && tolerance < Infinity)) {
    throw new Error(`forceatlas2: tolerance (${tolerance}) must be finite and ≥ 0`);
  }
  if (!Number.isInteger(patience) || patience < 1) {
    throw new Error(`forceatlas2: patience (${patience}) must be an integer ≥ 1`);
  }
  if (iterations === 0 || n === 0) {
    return { positions: initial.slice(), iterations: 0, converged: false, relativeStep: 0 };
  }
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
  const watch = tolerance > 0 || onIteration !== undefined;
  const before = new Float32Array(watch ? 2 * n : 0);
  let run = 0;
  let calm = 0; // consecutive iterations below tolerance
  let relativeStep = 0;
  while (run < iterations) {
    if (watch) {
      for (let i = 0; i < n; i++) {
        before[2 * i] = nodes[i * PPN];
        before[2 * i + 1] = nodes[i * PPN + 1];
      }
    }
    iterate(settings, nodes, edges);
    run++;
    if (!watch) continue;
    relativeStep = stepOverRadius(nodes, before, n);
    onIteration?.(run, relativeStep);
    calm = relativeStep < tolerance ? calm + 1 : 0;
    if (tolerance > 0 && calm >= patience) break;
  }
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = nodes[i * PPN];
    out[2 * i + 1] = nodes[i * PPN + 1];
  }
  return { positions: out, iterations: run, converged: run < iterations, relativeStep };
}

/** RMS node move since `before` (n×2) over the RMS radius of the new positions. */
function stepOverRadius(nodes: Float32Array, before: Float32Array, n: number): number {
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += nodes[i * PPN];
    cy += nodes[i * PPN + 1];
  }
  cx /= n;
  cy /= n;
  let step = 0;
  let radius = 0;
  for (let i = 0; i < n; i++) {
    const x = nodes[i * PPN];
    const y = nodes[i * PPN + 1];
    step += (x - before[2 * i]) ** 2 + (y - before[2 * i + 1]) ** 2;
    radius += (x - cx) ** 2 + (y - cy) ** 2;
  }
  return radius > 0 ? Math.sqrt(step / radius) : 0;
}
