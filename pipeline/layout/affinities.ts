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

/**
 * Bisection stops once the row's entropy is this close to log(perplexity), in nats. scikit-learn
 * stops at 10⁻⁵, which halves the steps; with it the scrambled-label run's layer 3 at
 * initialisation came out as one dense ball with a sparse halo (median radius 2,156 box
 * units, against 15,673 at 10⁻¹⁰; one run each), which the figure cannot show.
 */
const ENTROPY_TOLERANCE = 1e-10;

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
  // p_ij = (p_j|i + p_i|j) / 2n: both directed weights into one undirected edge (a, b), a < b.
  // Far neighbours of a tight node (p < 1e-12, beyond float32 once divided by 2n) get no edge (its row still sums to 1).
  const kept = (i: number, e: number) => {
    const j = indices[e];
    return j !== i && j >= 0 && conditional[e] >= 1e-12;
  };
  // Bucket every kept directed edge by its smaller end, then sort each bucket by the larger.
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++)
    for (let e = i * k; e < (i + 1) * k; e++) if (kept(i, e)) start[Math.min(i, indices[e]) + 1]++;
  for (let a = 0; a < n; a++) start[a + 1] += start[a];
  const total = start[n];
  const fill = start.slice(0, n);
  // Key b · total + slot: sorts by b, and its slot finds the weight.
  const keys = new Float64Array(total);
  const values = new Float64Array(total);
  for (let i = 0; i < n; i++)
    for (let e = i * k; e < (i + 1) * k; e++) {
      if (!kept(i, e)) continue;
      const j = indices[e];
      const slot = fill[Math.min(i, j)]++;
      keys[slot] = Math.max(i, j) * total + slot;
      values[slot] = conditional[e] / (2 * n);
    }
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  for (let a = 0; a < n; a++) {
    const bucket = keys.subarray(start[a], start[a + 1]).sort();
    for (let q = 0; q < bucket.length; q++) {
      const b = Math.floor(bucket[q] / total);
      const w = values[bucket[q] - b * total];
      // One edge per pair: the second direction (at most one) adds to the first.
      if (q > 0 && Math.floor(bucket[q - 1] / total) === b) weights[weights.length - 1] += w;
      else {
        sources.push(a);
        targets.push(b);
        weights.push(w);
      }
    }
  }
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
      if (Math.abs(entropy - target) < ENTROPY_TOLERANCE) break;
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
