/**
 * Neighbour embedding on the attraction–repulsion spectrum (Böhm, Berens & Kobak, JMLR 2022):
 * t-SNE's gradient (van der Maaten & Hinton 2008) with its attraction multiplied by an
 * exaggeration ρ. ρ = 1 is t-SNE; ρ ≈ 4 gives UMAP-like pictures; large ρ approaches Laplacian
 * eigenmaps / ForceAtlas2 (tight clusters, little local detail). For node i,
 *
 *   ∂KL/∂y_i = 4 (ρ Σ_j p_ij q_ij Z (y_i − y_j) − Σ_j q_ij² Z (y_i − y_j)),  q_ij Z = 1 / (1 + d_ij²),
 *
 * attraction exact along the sparse affinities P (affinities.ts), repulsion by Barnes-Hut on a
 * quadtree (van der Maaten 2014, opening angle `theta`). Optimised as t-SNE implementations do:
 * momentum and per-coordinate gains (Jacobs 1988). An optional density term (densMAP, Narayan,
 * Berger & Cho 2021) adds λ times the gradient of −corr(r_target, r_layout), r_i the log
 * P-weighted mean squared distance to i's neighbours, so regions keep their relative tightness.
 * Deterministic: no random numbers, nodes and edges visited in a fixed order.
 */
import type { SparseGraph } from '../graph/sparse.ts';

/** Options of `neighborEmbedding`. */
export interface NeighborEmbeddingOptions {
  /** Gradient steps. @default 500 */
  iterations?: number;
  /** Attraction multiplier ρ (1: t-SNE). @default 1 */
  exaggeration?: number;
  /**
   * Step size η (gradient with its factor 4). @default max(50, n / max(12, ρ)): n / 12 as in
   * Belkina et al. 2019 (whose early exaggeration is 12), smaller for a larger ρ so η·ρ stays ≤ n
   * (at ρ = 16 with n / 12 the run diverged: T@10 0.67 on MNIST activations)
   */
  learningRate?: number;
  /** Momentum. @default 0.8 */
  momentum?: number;
  /** First steps at a larger exaggeration and momentum 0.5 (cold starts). @default none */
  early?: { iterations: number; exaggeration: number };
  /** Barnes-Hut opening angle: a cell of side s at distance d counts as one body when s < θ·d. @default 0.5 */
  theta?: number;
  /** Per-node multiplier of the step size (n values in [0, 1]); 0 pins a node (others still feel it). @default all 1 */
  rates?: Float32Array;
  /**
   * densMAP-style density term: weight λ, the graph whose edges define local radii (e.g. the
   * kNN graph, sparser and cheaper than the affinities) and each node's target log local
   * radius over it (n values, `logLocalRadii` of the activations). @default none
   */
  density?: DensityTerm;
}

/** The density term of `neighborEmbedding`. */
export interface DensityTerm {
  weight: number;
  graph: SparseGraph;
  radii: Float64Array;
}

const DEFAULTS = { iterations: 500, exaggeration: 1, momentum: 0.8, theta: 0.5 };

/** Quadtree depth at which coincident (or nearly) points share one leaf. */
const MAX_DEPTH = 48;

/** Runs the embedding from `initial` (row-major n×2, t-SNE units) along `affinities` (symmetric, Σ = 1). */
export function neighborEmbedding(
  affinities: SparseGraph,
  initial: Float32Array,
  options: NeighborEmbeddingOptions = {},
): Float32Array {
  const { n } = affinities;
  const o = { ...DEFAULTS, ...options };
  const eta = options.learningRate ?? Math.max(50, n / Math.max(12, o.exaggeration));
  if (initial.length !== 2 * n)
    throw new Error(`neighborEmbedding: initial length (${initial.length}) must be 2n (${2 * n})`);
  if (!Number.isInteger(o.iterations) || o.iterations < 0)
    throw new Error(`neighborEmbedding: iterations (${o.iterations}) must be an integer ≥ 0`);
  if (!(o.exaggeration > 0 && Number.isFinite(o.exaggeration)))
    throw new Error(`neighborEmbedding: exaggeration (${o.exaggeration}) must be finite and > 0`);
  const rates = options.rates ?? new Float32Array(n).fill(1);
  if (rates.length !== n)
    throw new Error(`neighborEmbedding: rates length (${rates.length}) must be n (${n})`);
  const density = options.density;
  if (density && (density.radii.length !== n || density.graph.n !== n))
    throw new Error(
      `neighborEmbedding: density radii (${density.radii.length}) and graph (${density.graph.n} nodes) must both have n (${n})`,
    );
  const y = Float64Array.from(initial);
  if (n < 2 || o.iterations === 0) return Float32Array.from(y);
  const grad = new Float64Array(2 * n);
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const tree = createQuadtree(n);
  const pairs = upperPairs(affinities);
  const densityState = density ? densityWork(density) : undefined;
  const early = options.early;
  for (let it = 0; it < o.iterations; it++) {
    const inEarly = early !== undefined && it < early.iterations;
    const rho = inEarly ? early.exaggeration : o.exaggeration;
    const momentum = inEarly ? 0.5 : o.momentum;
    grad.fill(0);
    // Repulsion: Σ_j q_ij² Z (y_i − y_j) by Barnes-Hut; Z = Σ_{i≠j} 1 / (1 + d_ij²).
    buildQuadtree(tree, y, n);
    const z = repel(tree, y, n, o.theta, grad);
    for (let e = 0; e < 2 * n; e++) grad[e] = (-4 * grad[e]) / z;
    // Attraction along P, each undirected pair once (P is symmetric).
    const pull = 4 * rho;
    for (let e = 0; e < pairs.count; e++) {
      const i2 = 2 * pairs.i[e];
      const j2 = 2 * pairs.j[e];
      const dx = y[i2] - y[j2];
      const dy = y[i2 + 1] - y[j2 + 1];
      const q = (pull * pairs.w[e]) / (1 + dx * dx + dy * dy);
      grad[i2] += q * dx;
      grad[i2 + 1] += q * dy;
      grad[j2] -= q * dx;
      grad[j2 + 1] -= q * dy;
    }
    if (densityState && !inEarly) addDensityGradient(y, densityState, grad);
    for (let i = 0; i < n; i++) {
      const step = eta * rates[i];
      for (let e = 2 * i; e < 2 * i + 2; e++) {
        const g = grad[e];
        gains[e] = g > 0 !== update[e] > 0 ? gains[e] + 0.2 : Math.max(0.01, gains[e] * 0.8);
        update[e] = momentum * update[e] - step * gains[e] * g;
        y[e] += update[e];
      }
    }
  }
  return Float32Array.from(y);
}

/** t-SNE's cost KL(P ‖ Q), exact (O(n²)); for tests and small checks. */
export function klDivergence(affinities: SparseGraph, positions: ArrayLike<number>): number {
  const { n, rowPtr, colIdx, weights } = affinities;
  let z = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j) {
        const d2 =
          (positions[2 * i] - positions[2 * j]) ** 2 +
          (positions[2 * i + 1] - positions[2 * j + 1]) ** 2;
        z += 1 / (1 + d2);
      }
  let kl = 0;
  for (let i = 0; i < n; i++)
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const j = colIdx[p];
      const d2 =
        (positions[2 * i] - positions[2 * j]) ** 2 +
        (positions[2 * i + 1] - positions[2 * j + 1]) ** 2;
      const q = 1 / (1 + d2) / z;
      if (weights[p] > 0) kl += weights[p] * Math.log(weights[p] / q);
    }
  return kl;
}

/**
 * Log local radius of every node in a layout: log(Σ_j p_ij d_ij² / Σ_j p_ij) over its edges
 * (densMAP's R_i), for the density term and its targets.
 */
export function logLocalRadii(
  affinities: SparseGraph,
  distanceSquared: (i: number, j: number) => number,
): Float64Array {
  const { n, rowPtr, colIdx, weights } = affinities;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let w = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      s += weights[p] * distanceSquared(i, colIdx[p]);
      w += weights[p];
    }
    out[i] = Math.log(1e-12 + (w > 0 ? s / w : 0));
  }
  return out;
}

/** A symmetric graph's undirected edges, each once (i < j), with their weights. */
interface Pairs {
  count: number;
  i: Int32Array;
  j: Int32Array;
  w: Float64Array;
}

function upperPairs(graph: SparseGraph): Pairs {
  const { n, rowPtr, colIdx, weights } = graph;
  let count = 0;
  for (let i = 0; i < n; i++)
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) if (colIdx[p] > i) count++;
  const pairs = {
    count,
    i: new Int32Array(count),
    j: new Int32Array(count),
    w: new Float64Array(count),
  };
  let e = 0;
  for (let i = 0; i < n; i++)
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++)
      if (colIdx[p] > i) {
        pairs.i[e] = i;
        pairs.j[e] = colIdx[p];
        pairs.w[e++] = weights[p];
      }
  return pairs;
}

/** The density term with its graph's pairs and the per-node work arrays of `addDensityGradient`, allocated once per run. */
interface DensityWork {
  term: DensityTerm;
  pairs: Pairs;
  s: Float64Array;
  w: Float64Array;
  r: Float64Array;
  g: Float64Array;
}

function densityWork(term: DensityTerm): DensityWork {
  const n = term.radii.length;
  const array = () => new Float64Array(n);
  return { term, pairs: upperPairs(term.graph), s: array(), w: array(), r: array(), g: array() };
}

/** Adds λ · ∂(−corr(r_target, r_layout))/∂y to `grad` (see the header). */
function addDensityGradient(y: Float64Array, work: DensityWork, grad: Float64Array): void {
  const { term: density, pairs, s, w, r, g } = work;
  const n = density.radii.length;
  // Per node: Σ_j p_ij d_ij² (s) and Σ_j p_ij (w), each pair adding to both ends.
  s.fill(0);
  w.fill(0);
  for (let e = 0; e < pairs.count; e++) {
    const i = pairs.i[e];
    const j = pairs.j[e];
    const d2 = (y[2 * i] - y[2 * j]) ** 2 + (y[2 * i + 1] - y[2 * j + 1]) ** 2;
    s[i] += pairs.w[e] * d2;
    s[j] += pairs.w[e] * d2;
    w[i] += pairs.w[e];
    w[j] += pairs.w[e];
  }
  for (let i = 0; i < n; i++) {
    const mean = 1e-12 + (w[i] > 0 ? s[i] / w[i] : 0);
    r[i] = Math.log(mean);
    s[i] = mean * w[i]; // from here on, the unnormalised Σ_j p_ij d_ij² that ∂r_i/∂y divides by
  }
  const target = density.radii;
  let mt = 0;
  let ml = 0;
  for (let i = 0; i < n; i++) {
    mt += target[i] / n;
    ml += r[i] / n;
  }
  let vt = 0;
  let vl = 0;
  let cov = 0;
  for (let i = 0; i < n; i++) {
    vt += (target[i] - mt) ** 2 / n;
    vl += (r[i] - ml) ** 2 / n;
    cov += ((target[i] - mt) * (r[i] - ml)) / n;
  }
  const st = Math.sqrt(vt);
  const sl = Math.sqrt(vl);
  if (!(st > 0 && sl > 0)) return;
  const corr = cov / (st * sl);
  // ∂corr/∂r_i, then ∂r_i/∂y through every edge (both ends' radii depend on the edge).
  for (let i = 0; i < n; i++)
    g[i] = ((target[i] - mt) / (st * sl) - (corr * (r[i] - ml)) / vl) / n / s[i];
  const lambda = density.weight;
  for (let e = 0; e < pairs.count; e++) {
    const i = pairs.i[e];
    const j = pairs.j[e];
    const c = 2 * lambda * pairs.w[e] * (g[i] + g[j]);
    const dx = c * (y[2 * i] - y[2 * j]);
    const dy = c * (y[2 * i + 1] - y[2 * j + 1]);
    grad[2 * i] -= dx;
    grad[2 * i + 1] -= dy;
    grad[2 * j] += dx;
    grad[2 * j + 1] += dy;
  }
}

/** A flat quadtree: per cell its square (centre, half side), mass, centre of mass, children, point. */
interface Quadtree {
  capacity: number;
  cells: number;
  cx: Float64Array;
  cy: Float64Array;
  half: Float64Array;
  mass: Float64Array;
  sx: Float64Array;
  sy: Float64Array;
  /** Index of the first of four children, or −1 for a leaf. */
  child: Int32Array;
  /** A leaf's one point, −1 when empty, −2 when several coincide (depth limit). */
  point: Int32Array;
  depth: Int32Array;
  /** Per cell: its subtree's non-empty cells (for `skip`). */
  size: Int32Array;
  stack: Int32Array;
  /**
   * The non-empty cells in depth-first preorder, for the force walk: per cell 4 numbers
   * (centre of mass x, y, mass, and −1 for a leaf or else (side / θ)²), the preorder index just
   * past its subtree (`skip`) and a leaf's point. A walk goes to c + 1 to open a cell and to
   * skip[c] to pass it, with no stack and no empty cells (a split leaves 2–3 of 4 empty).
   */
  flat: Float64Array;
  skip: Int32Array;
  leafPoint: Int32Array;
  /** Number of cells in `flat`. */
  flatCells: number;
}

function createQuadtree(n: number): Quadtree {
  const capacity = 8 * n + 16;
  return allocate(capacity, n);
}

function allocate(capacity: number, n: number): Quadtree {
  return {
    capacity,
    cells: 0,
    cx: new Float64Array(capacity),
    cy: new Float64Array(capacity),
    half: new Float64Array(capacity),
    mass: new Float64Array(capacity),
    sx: new Float64Array(capacity),
    sy: new Float64Array(capacity),
    child: new Int32Array(capacity),
    point: new Int32Array(capacity),
    depth: new Int32Array(capacity),
    size: new Int32Array(capacity),
    stack: new Int32Array(4 * MAX_DEPTH + 4 * Math.max(n, 16)),
    flat: new Float64Array(4 * capacity),
    skip: new Int32Array(capacity),
    leafPoint: new Int32Array(capacity),
    flatCells: 0,
  };
}

function grow(tree: Quadtree): void {
  const bigger = allocate(2 * tree.capacity, 0);
  for (const key of ['cx', 'cy', 'half', 'mass', 'sx', 'sy', 'child', 'point', 'depth'] as const)
    bigger[key].set(tree[key]);
  Object.assign(tree, { ...bigger, cells: tree.cells, stack: tree.stack, flatCells: 0 });
}

function newCell(tree: Quadtree, cx: number, cy: number, half: number, depth: number): number {
  if (tree.cells + 1 > tree.capacity) grow(tree);
  const c = tree.cells++;
  tree.cx[c] = cx;
  tree.cy[c] = cy;
  tree.half[c] = half;
  tree.mass[c] = 0;
  tree.sx[c] = 0;
  tree.sy[c] = 0;
  tree.child[c] = -1;
  tree.point[c] = -1;
  tree.depth[c] = depth;
  return c;
}

function quadrant(tree: Quadtree, c: number, x: number, y: number): number {
  return (x >= tree.cx[c] ? 1 : 0) + (y >= tree.cy[c] ? 2 : 0);
}

function subdivide(tree: Quadtree, c: number): void {
  const h = tree.half[c] / 2;
  const d = tree.depth[c] + 1;
  const first = newCell(tree, tree.cx[c] - h, tree.cy[c] - h, h, d);
  newCell(tree, tree.cx[c] + h, tree.cy[c] - h, h, d);
  newCell(tree, tree.cx[c] - h, tree.cy[c] + h, h, d);
  newCell(tree, tree.cx[c] + h, tree.cy[c] + h, h, d);
  tree.child[c] = first;
}

function buildQuadtree(tree: Quadtree, y: Float64Array, n: number): void {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, y[2 * i]);
    x1 = Math.max(x1, y[2 * i]);
    y0 = Math.min(y0, y[2 * i + 1]);
    y1 = Math.max(y1, y[2 * i + 1]);
  }
  tree.cells = 0;
  const half = Math.max(x1 - x0, y1 - y0, 1e-9) / 2 + 1e-9;
  newCell(tree, (x0 + x1) / 2, (y0 + y1) / 2, half, 0);
  for (let i = 0; i < n; i++) {
    const px = y[2 * i];
    const py = y[2 * i + 1];
    let c = 0;
    for (;;) {
      tree.mass[c] += 1;
      tree.sx[c] += px;
      tree.sy[c] += py;
      if (tree.child[c] >= 0) {
        c = tree.child[c] + quadrant(tree, c, px, py);
        continue;
      }
      const held = tree.point[c];
      if (held === -1 && tree.mass[c] === 1) {
        tree.point[c] = i;
        break;
      }
      if (held === -2 || tree.depth[c] >= MAX_DEPTH) {
        tree.point[c] = -2; // coincident points share the leaf
        break;
      }
      // An occupied leaf: split it, move its point down, then place i.
      subdivide(tree, c);
      const hx = y[2 * held];
      const hy = y[2 * held + 1];
      const moved = tree.child[c] + quadrant(tree, c, hx, hy);
      tree.mass[moved] = 1;
      tree.sx[moved] = hx;
      tree.sy[moved] = hy;
      tree.point[moved] = held;
      tree.point[c] = -1;
      c = tree.child[c] + quadrant(tree, c, px, py);
    }
  }
}

/** Fills the tree's preorder arrays (`flat`, `skip`, `leafPoint`) from its built cells. */
function flatten(tree: Quadtree, theta2: number): void {
  const { mass, sx, sy, half, child, point, size, stack, flat, skip, leafPoint } = tree;
  // Non-empty cells per subtree; children are always created after their parent.
  for (let c = tree.cells - 1; c >= 0; c--) {
    const f = child[c];
    size[c] =
      mass[c] === 0 ? 0 : 1 + (f >= 0 ? size[f] + size[f + 1] + size[f + 2] + size[f + 3] : 0);
  }
  let top = 0;
  let k = 0;
  if (mass[0] > 0) stack[top++] = 0;
  while (top > 0) {
    const c = stack[--top];
    const m = mass[c];
    const f = child[c];
    const side = 2 * half[c];
    const b = 4 * k;
    flat[b] = sx[c] / m;
    flat[b + 1] = sy[c] / m;
    flat[b + 2] = m;
    flat[b + 3] = f < 0 ? -1 : (side * side) / theta2;
    skip[k] = k + size[c];
    leafPoint[k] = point[c];
    k++;
    // Pushed last-first, so the first child comes next in preorder.
    if (f >= 0) for (let q = 3; q >= 0; q--) if (mass[f + q] > 0) stack[top++] = f + q;
  }
  tree.flatCells = k;
}

/** Adds Σ_j (1 + d_ij²)⁻² (y_i − y_j), i.e. Σ_j q_ij² Z² (y_i − y_j), into `out`; returns Z. */
function repel(
  tree: Quadtree,
  y: Float64Array,
  n: number,
  theta: number,
  out: Float64Array,
): number {
  flatten(tree, theta * theta);
  const { flat, skip, leafPoint } = tree;
  const end = tree.flatCells;
  let z = 0;
  for (let i = 0; i < n; i++) {
    const px = y[2 * i];
    const py = y[2 * i + 1];
    let fx = 0;
    let fy = 0;
    let zi = 0;
    let c = 0;
    while (c < end) {
      const b = 4 * c;
      const dx = px - flat[b];
      const dy = py - flat[b + 1];
      const d2 = dx * dx + dy * dy;
      const o = flat[b + 3];
      if (o >= 0 && o >= d2) {
        c++; // too close to count as one body: open it
        continue;
      }
      // A far cell, or a leaf: one point (not i itself), or several coincident ones, i perhaps among them.
      const held = o < 0 ? leafPoint[c] : -1;
      c = skip[c];
      if (held === i) continue;
      const m = flat[b + 2];
      const count = held === -2 && d2 < 1e-18 ? m - 1 : m;
      const q = 1 / (1 + d2);
      zi += count * q;
      const f = count * q * q;
      fx += f * dx;
      fy += f * dy;
    }
    z += zi;
    out[2 * i] += fx;
    out[2 * i + 1] += fy;
  }
  return z;
}
