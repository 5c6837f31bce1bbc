/**
 * t-SNE's input affinities (van der Maaten & Hinton 2008) on a kNN result: for each node a
 * Gaussian over its neighbours' squared distances whose bandwidth is found by bisection so the
 * conditional distribution has the given perplexity, then symmetrised p_ij = (p_j|i + p_i|j) / 2n.
 * With k = 3 · perplexity neighbours this is the sparse approximation every Barnes-Hut t-SNE uses
 * (van der Maaten 2014); the weights sum to 1 over directed edges.
 */
import type { KnnResult } from '../graph/knn.ts';
import { graphFromEdges, type SparseGraph } from '../graph/sparse.ts';

/** Options of `perplexityAffinities`. */
export interface AffinityOptions {
  /** Target perplexity of each conditional distribution (≤ k). @default 30 */
  perplexity?: number;
  /** Bisection steps on the precision. @default 64 */
  iterations?: number;
}

const DEFAULTS: Required<AffinityOptions> = { perplexity: 30, iterations: 64 };

/** Symmetric t-SNE affinities over the kNN edges (both directions stored, Σ weights = 1). */
export function perplexityAffinities(
  neighbors: KnnResult,
  options: AffinityOptions = {},
): SparseGraph {
  const { perplexity, iterations } = { ...DEFAULTS, ...options };
  const { n, k, indices } = neighbors;
  if (!(perplexity > 0 && perplexity <= k))
    throw new Error(
      `affinities: perplexity (${perplexity}) must be in (0, k] (k = ${k}); use ≥ 3 × perplexity neighbours`,
    );
  const conditional = conditionalAffinities(neighbors, perplexity, iterations);
  // p_ij = (p_j|i + p_i|j) / 2n: add both directed weights into one undirected edge.
  const pairs = new Map<number, number>();
  for (let i = 0; i < n; i++)
    for (let r = 0; r < k; r++) {
      const j = indices[i * k + r];
      // Far neighbours of a tight node (p < 1e-12, beyond float32 once divided by 2n) get no edge (its row still sums to 1).
      if (j === i || j < 0 || conditional[i * k + r] < 1e-12) continue;
      const key = i < j ? i * n + j : j * n + i;
      pairs.set(key, (pairs.get(key) ?? 0) + conditional[i * k + r] / (2 * n));
    }
  const keys = [...pairs.keys()].sort((a, b) => a - b);
  const sources = new Int32Array(keys.length);
  const targets = new Int32Array(keys.length);
  const weights = new Float64Array(keys.length);
  keys.forEach((key, e) => {
    sources[e] = Math.floor(key / n);
    targets[e] = key % n;
    weights[e] = pairs.get(key) ?? 0;
  });
  return graphFromEdges(n, sources, targets, weights);
}

/** Row-major n×k conditional probabilities p_j|i over each node's neighbours, each row of the given perplexity. */
export function conditionalAffinities(
  neighbors: KnnResult,
  perplexity: number,
  iterations = DEFAULTS.iterations,
): Float64Array {
  const { n, k, distances } = neighbors;
  const target = Math.log(perplexity);
  const conditional = new Float64Array(n * k);
  const d2 = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let dMin = Infinity;
    for (let r = 0; r < k; r++) {
      d2[r] = distances[o + r] ** 2;
      dMin = Math.min(dMin, d2[r]);
    }
    // Bisection on the precision β of exp(−β (d² − d²_min)) (shifted for numerical range).
    let beta = 1;
    let lo = 0;
    let hi = Infinity;
    for (let it = 0; it < iterations; it++) {
      let sum = 0;
      let weighted = 0;
      for (let r = 0; r < k; r++) {
        const p = Math.exp(-beta * (d2[r] - dMin));
        sum += p;
        weighted += p * (d2[r] - dMin);
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      if (Math.abs(entropy - target) < 1e-10) break;
      if (entropy > target) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    let sum = 0;
    for (let r = 0; r < k; r++) sum += conditional[o + r] = Math.exp(-beta * (d2[r] - dMin));
    for (let r = 0; r < k; r++) conditional[o + r] /= sum;
  }
  return conditional;
}
