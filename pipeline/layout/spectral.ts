/**
 * Sparse spectral layout (Laplacian eigenmaps, Belkin & Niyogi 2003) for the first snapshot.
 *
 * Operator: the normalised adjacency of the regularised graph W_τ = W + (τ/n)·11ᵀ,
 * A = D_τ^-1/2 W_τ D_τ^-1/2 with D_τ = D + τ·I and τ = `regularization` × mean degree
 * (Qin & Rohe 2013, weakened). The uniform coupling is applied implicitly in the mat-vec
 * (O(n), never an n×n matrix); it makes every graph connected, so disconnected components
 * neither give an eigenvalue 1 of multiplicity > 1 nor separate without bound.
 * A's top eigenvector is t = D_τ^1/2·1 (eigenvalue 1); we deflate it by iterating with
 * A − 2ttᵀ, which sends t to eigenvalue −1 where the filter damps it.
 * Solver: Chebyshev-filtered subspace iteration (Zhou & Saad 2007): each round applies a
 * degree-m Chebyshev polynomial that damps [−1, θ_b] (θ_b = the block's smallest Ritz value),
 * then Rayleigh–Ritz via ml-matrix EVD on the b×b projection. Cost per round: (m+1) sparse
 * block mat-vecs and O(n·b²) orthonormalisation.
 * Output: eigenvectors u of L_τ = I − A (unit norm, ⟂ t) and positions D_τ^-1/2·u (the
 * generalised eigenvectors of L f = λ D f), each column's largest |u_i| made positive,
 * scaled together so the largest |coordinate| is 1.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { weightedDegrees, type SparseGraph } from '../graph/sparse.ts';
import { createRandom, gaussian, type Random } from '../util/random.ts';

/** Options for `spectralLayout`. */
export interface SpectralOptions {
  /** Output dimensions (eigenvectors kept). @default 2 */
  dimensions?: number;
  /** Source of the random start block. @default createRandom(0) */
  random?: Random;
  /** Maximum filter + Rayleigh–Ritz rounds. @default 200 */
  maxIterations?: number;
  /** Stop when every kept residual ‖L u − λ u‖ is below this. @default 1e-6 */
  tolerance?: number;
  /** τ as a fraction of the mean weighted degree (0 = plain graph). @default 0.01 */
  regularization?: number;
  /** Block size b (kept + guard vectors); clamped to n − 1. @default dimensions + 8 */
  blockSize?: number;
  /** Chebyshev polynomial degree per round. @default 10 */
  chebyshevDegree?: number;
}

/** Eigenpairs of the regularised normalised Laplacian and the layout built from them. */
export interface SpectralResult {
  /** Row-major n×dimensions, largest |coordinate| = 1. */
  positions: Float32Array;
  /** Row-major n×dimensions unit eigenvectors u of L_τ, orthogonal to D_τ^1/2·1. */
  vectors: Float64Array;
  /** Eigenvalues of L_τ, ascending (the trivial 0 excluded). */
  eigenvalues: Float64Array;
  /** ‖L_τ u − λ u‖ per kept vector. */
  residuals: Float64Array;
  /** Rounds used. */
  iterations: number;
  /** τ actually used (absolute, in weight units). */
  tau: number;
}

const DEFAULTS = {
  dimensions: 2,
  maxIterations: 200,
  tolerance: 1e-6,
  regularization: 0.01,
  chebyshevDegree: 10,
};

/** Block mat-vec Y = (A − 2ttᵀ)·X for row-major n×b blocks. */
export type BlockOperator = (x: Float64Array, y: Float64Array, b: number) => void;

/** The deflated, regularised normalised adjacency as a block operator, plus t and D_τ^-1/2. */
export function normalizedOperator(
  graph: SparseGraph,
  regularization: number,
): { apply: BlockOperator; t: Float64Array; invSqrtDegree: Float64Array; tau: number } {
  const { n, rowPtr, colIdx, weights } = graph;
  const deg = weightedDegrees(graph);
  let total = 0;
  for (let i = 0; i < n; i++) total += deg[i];
  const tau = (regularization * total) / n;
  const s = new Float64Array(n);
  const t = new Float64Array(n);
  let volume = 0;
  for (let i = 0; i < n; i++) volume += deg[i] + tau;
  if (!(volume > 0))
    throw new Error(`spectral: graph has no edges and regularization (${regularization}) is 0`);
  for (let i = 0; i < n; i++) {
    const d = deg[i] + tau;
    s[i] = d > 0 ? 1 / Math.sqrt(d) : 0; // an isolated node without τ is left at 0
    t[i] = Math.sqrt(d / volume);
  }
  const nw = new Float64Array(colIdx.length);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) nw[p] = s[i] * weights[p] * s[colIdx[p]];
  }
  const coupling = tau / n;
  const apply: BlockOperator = (x, y, b) => {
    const sx = new Float64Array(b);
    const tx = new Float64Array(b);
    for (let j = 0; j < n; j++) {
      for (let c = 0; c < b; c++) {
        sx[c] += s[j] * x[j * b + c];
        tx[c] += t[j] * x[j * b + c];
      }
    }
    for (let i = 0; i < n; i++) {
      const o = i * b;
      for (let c = 0; c < b; c++) y[o + c] = coupling * s[i] * sx[c] - 2 * t[i] * tx[c];
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        const w = nw[p];
        const oj = colIdx[p] * b;
        for (let c = 0; c < b; c++) y[o + c] += w * x[oj + c];
      }
    }
  };
  return { apply, t, invSqrtDegree: s, tau };
}

/** Smallest non-trivial eigenvectors of the normalised Laplacian, as a layout. */
export function spectralLayout(graph: SparseGraph, options: SpectralOptions = {}): SpectralResult {
  const {
    dimensions: dims,
    maxIterations,
    tolerance,
    regularization,
    chebyshevDegree,
  } = { ...DEFAULTS, ...options };
  const random = options.random ?? createRandom(0);
  const { n } = graph;
  if (!Number.isInteger(dims) || dims < 1 || dims > n - 1) {
    throw new Error(`spectral: dimensions (${dims}) must be an integer in 1…n−1 (n = ${n})`);
  }
  if (!(regularization >= 0))
    throw new Error(`spectral: regularization (${regularization}) must be ≥ 0`);
  const b = Math.min(options.blockSize ?? dims + 8, n - 1);
  if (b < dims) throw new Error(`spectral: blockSize (${b}) must be ≥ dimensions (${dims})`);
  const m = Math.max(1, Math.round(chebyshevDegree));
  const { apply, t, invSqrtDegree, tau } = normalizedOperator(graph, regularization);

  let x: Float64Array = new Float64Array(n * b);
  for (let e = 0; e < n * b; e++) x[e] = gaussian(random);
  let ax: Float64Array = new Float64Array(n * b);
  let theta: Float64Array = new Float64Array(b);
  let residuals: Float64Array = new Float64Array(b);
  let iterations = 0;
  for (;;) {
    orthonormalize(x, n, b, t, random);
    apply(x, ax, b);
    ({ theta, residuals } = rayleighRitz(x, ax, n, b));
    let worst = 0;
    for (let c = 0; c < dims; c++) worst = Math.max(worst, residuals[c]);
    if (worst < tolerance || iterations >= maxIterations) break;
    iterations++;
    // Damp [−1, c], c = the block's smallest Ritz value, kept below the wanted ones and away
    // from −1 so the polynomial's growth stays far from overflow.
    const c = Math.max(-0.9, Math.min(Math.max(theta[b - 1], -0.5), theta[dims - 1] - 1e-12));
    [x, ax] = chebyshevFilter(apply, x, ax, b, m, c);
  }
  return finish(x, theta, residuals, n, b, dims, invSqrtDegree, iterations, tau);
}

/** Applies T_m((A − center)/half) to X, the Chebyshev polynomial that damps [−1, c]. */
function chebyshevFilter(
  apply: BlockOperator,
  x: Float64Array,
  scratch: Float64Array,
  b: number,
  m: number,
  c: number,
): [Float64Array, Float64Array] {
  const half = (c + 1) / 2;
  const center = (c - 1) / 2;
  let prev = x;
  let cur = scratch;
  apply(prev, cur, b);
  for (let e = 0; e < cur.length; e++) cur[e] = (cur[e] - center * prev[e]) / half;
  let next: Float64Array = new Float64Array(x.length);
  for (let k = 2; k <= m; k++) {
    apply(cur, next, b);
    for (let e = 0; e < next.length; e++)
      next[e] = (2 * (next[e] - center * cur[e])) / half - prev[e];
    [prev, cur, next] = [cur, next, prev];
  }
  return [cur, next];
}

/**
 * In-place two-pass modified Gram–Schmidt of the columns of X against t and each other.
 * A column that vanishes (the filter made it dependent) is replaced by a fresh random one.
 */
function orthonormalize(
  x: Float64Array,
  n: number,
  b: number,
  t: Float64Array,
  random: Random,
): void {
  for (let c = 0; c < b; c++) {
    for (let attempt = 0; ; attempt++) {
      let before = 0;
      for (let i = 0; i < n; i++) before += x[i * b + c] ** 2;
      for (let pass = 0; pass < 2; pass++) {
        let dt = 0;
        for (let i = 0; i < n; i++) dt += t[i] * x[i * b + c];
        for (let i = 0; i < n; i++) x[i * b + c] -= dt * t[i];
        for (let q = 0; q < c; q++) {
          let dq = 0;
          for (let i = 0; i < n; i++) dq += x[i * b + q] * x[i * b + c];
          for (let i = 0; i < n; i++) x[i * b + c] -= dq * x[i * b + q];
        }
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += x[i * b + c] ** 2;
      if (norm > 1e-20 * before && norm > 0) {
        const inv = 1 / Math.sqrt(norm);
        for (let i = 0; i < n; i++) x[i * b + c] *= inv;
        break;
      }
      if (attempt > 8)
        throw new Error(`spectral: could not extend the block to ${b} vectors (n = ${n})`);
      for (let i = 0; i < n; i++) x[i * b + c] = gaussian(random);
    }
  }
}

/** Rotates the orthonormal block X (and AX) onto its Ritz vectors, descending Ritz values. */
function rayleighRitz(
  x: Float64Array,
  ax: Float64Array,
  n: number,
  b: number,
): { theta: Float64Array; residuals: Float64Array } {
  const h = Matrix.zeros(b, b);
  for (let p = 0; p < b; p++) {
    for (let q = p; q < b; q++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i * b + p] * ax[i * b + q] + x[i * b + q] * ax[i * b + p];
      h.set(p, q, s / 2);
      h.set(q, p, s / 2);
    }
  }
  const evd = new EigenvalueDecomposition(h, { assumeSymmetric: true });
  const order = evd.realEigenvalues
    .map((_, k) => k)
    .sort((p, q) => evd.realEigenvalues[q] - evd.realEigenvalues[p] || p - q);
  const v = evd.eigenvectorMatrix;
  const theta = Float64Array.from(order, (k) => evd.realEigenvalues[k]);
  const rowX = new Float64Array(b);
  const rowA = new Float64Array(b);
  const residuals = new Float64Array(b);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < b; c++) {
      let sx = 0;
      let sa = 0;
      for (let q = 0; q < b; q++) {
        const vq = v.get(q, order[c]);
        sx += x[i * b + q] * vq;
        sa += ax[i * b + q] * vq;
      }
      rowX[c] = sx;
      rowA[c] = sa;
    }
    for (let c = 0; c < b; c++) {
      x[i * b + c] = rowX[c];
      ax[i * b + c] = rowA[c];
      residuals[c] += (rowA[c] - theta[c] * rowX[c]) ** 2;
    }
  }
  for (let c = 0; c < b; c++) residuals[c] = Math.sqrt(residuals[c]);
  return { theta, residuals };
}

/** Extracts the kept vectors, fixes signs, builds D_τ^-1/2·u positions scaled to max |·| = 1. */
function finish(
  x: Float64Array,
  theta: Float64Array,
  allResiduals: Float64Array,
  n: number,
  b: number,
  dims: number,
  invSqrtDegree: Float64Array,
  iterations: number,
  tau: number,
): SpectralResult {
  const vectors = new Float64Array(n * dims);
  const positions = new Float32Array(n * dims);
  let maxAbs = 0;
  for (let c = 0; c < dims; c++) {
    let arg = 0;
    for (let i = 1; i < n; i++) if (Math.abs(x[i * b + c]) > Math.abs(x[arg * b + c])) arg = i;
    const sign = x[arg * b + c] < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) {
      vectors[i * dims + c] = sign * x[i * b + c];
      maxAbs = Math.max(maxAbs, Math.abs(invSqrtDegree[i] * x[i * b + c]));
    }
  }
  const scale = maxAbs > 0 ? 1 / maxAbs : 0;
  for (let e = 0; e < n * dims; e++)
    positions[e] = vectors[e] * invSqrtDegree[Math.floor(e / dims)] * scale;
  const eigenvalues = Float64Array.from(theta.subarray(0, dims), (th) => 1 - th);
  return {
    positions,
    vectors,
    eigenvalues,
    residuals: allResiduals.slice(0, dims),
    iterations,
    tau,
  };
}
