/**
 * kNN result → symmetric weighted graph, with UMAP's fuzzy-set kernel (McInnes et al. 2018):
 *
 *   w_i→j = exp(−max(0, d_ij − ρ_i) / σ_i)
 *
 * ρ_i is the distance to i's nearest neighbour at a distance > 0 (0 when every neighbour is
 * a duplicate of i), so each node has weight 1 to its nearest distinct neighbour and to all
 * its duplicates. σ_i is found by bisection so that Σ_j w_i→j = log2(k), and is floored at
 * `minSigmaScale` × the mean neighbour distance (of i, or of all points when i's is 0), and
 * at 1e-12 in absolute terms, so it is never 0. Weights below `minWeight` are raised to it:
 * far neighbours stay connected (no underflow to 0, no accidental disconnection).
 * Symmetrisation is the fuzzy union w_ij = a + b − a·b with a = w_i→j, b = w_j→i (0 when
 * j→i is not a kNN edge). Every weight lies in [minWeight, 1]; no NaN or Infinity is possible.
 */
import type { KnnResult } from './knn.ts';
import { graphFromEdges, type SparseGraph } from './sparse.ts';

/** Options for `knnGraph`. */
export interface KnnGraphOptions {
  /** Bisection steps for σ_i (UMAP uses 64). @default 64 */
  iterations?: number;
  /** σ_i ≥ this × mean neighbour distance (UMAP's MIN_K_DIST_SCALE). @default 1e-3 */
  minSigmaScale?: number;
  /** Smallest directed weight kept; smaller kernel values are raised to it. @default 1e-4 */
  minWeight?: number;
}

const DEFAULTS: Required<KnnGraphOptions> = {
  iterations: 64,
  minSigmaScale: 1e-3,
  minWeight: 1e-4,
};

/** Directed kernel weights (row-major n×k, float64) from a kNN result. */
export function fuzzyWeights(knnResult: KnnResult, options: KnnGraphOptions = {}): Float64Array {
  const { iterations, minSigmaScale, minWeight } = { ...DEFAULTS, ...options };
  const { n, k, distances } = knnResult;
  if (!(minWeight > 0 && minWeight <= 1))
    throw new Error(`knnGraph: minWeight (${minWeight}) must be in (0, 1]`);
  let total = 0;
  for (let e = 0; e < n * k; e++) total += distances[e];
  const globalMean = total / (n * k);
  const target = Math.log2(k);
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let rho = 0;
    let mean = 0;
    for (let r = 0; r < k; r++) {
      const d = distances[o + r];
      if (rho === 0 && d > 0) rho = d;
      mean += d / k;
    }
    // Bisection on σ as in umap-learn's smooth_knn_dist: double while too small, halve after.
    let lo = 0;
    let hi = Infinity;
    let sigma = 1;
    for (let it = 0; it < iterations; it++) {
      let sum = 0;
      for (let r = 0; r < k; r++) {
        const gap = distances[o + r] - rho;
        sum += gap > 0 ? Math.exp(-gap / sigma) : 1;
      }
      if (Math.abs(sum - target) < 1e-5) break;
      if (sum > target) {
        hi = sigma;
        sigma = (lo + hi) / 2;
      } else {
        lo = sigma;
        sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
      }
    }
    sigma = Math.max(sigma, minSigmaScale * (mean > 0 ? mean : globalMean), 1e-12);
    for (let r = 0; r < k; r++) {
      const gap = distances[o + r] - rho;
      out[o + r] = gap > 0 ? Math.max(minWeight, Math.exp(-gap / sigma)) : 1;
    }
  }
  return out;
}

/** Symmetric fuzzy-union kNN graph (CSR); see the file header for the kernel. */
export function knnGraph(knnResult: KnnResult, options: KnnGraphOptions = {}): SparseGraph {
  const { n, k, indices } = knnResult;
  const w = fuzzyWeights(knnResult, options);
  // Weight of the directed edge j→i, or 0 when i is not among j's neighbours.
  const reverse = (j: number, i: number): number => {
    for (let r = j * k; r < j * k + k; r++) if (indices[r] === i) return w[r];
    return 0;
  };
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let r = i * k; r < i * k + k; r++) {
      const j = indices[r];
      const a = w[r];
      const b = reverse(j, i);
      // Emit each pair once: from the smaller endpoint, or from i when j→i does not exist.
      if (i < j || b === 0) {
        source.push(i);
        target.push(j);
        weight.push(1 - (1 - a) * (1 - b)); // = a + b − ab, but never rounds above 1
      }
    }
  }
  return graphFromEdges(n, source, target, weight);
}
