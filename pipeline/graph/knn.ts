/**
 * Exact k-nearest neighbours from a dense distance matrix. Self is excluded; neighbours are
 * sorted by ascending distance, ties broken by the smaller index, so duplicated points and
 * dead (all-zero) activations give a well-defined, reproducible answer.
 */
import { pairwiseDistances } from './distances.ts';

/** Options for `knn`. */
export interface KnnOptions {
  /** Neighbours per point; values ≥ n are clamped to n − 1 (the result's `k` says which). @default 15 */
  k?: number;
}

/** k nearest neighbours of every point, row-major n×k. */
export interface KnnResult {
  n: number;
  /** Effective k, after clamping to n − 1. */
  k: number;
  /** `indices[i*k + r]` is the r-th nearest neighbour of i. */
  indices: Int32Array;
  /** Matching distances, ascending within each row. */
  distances: Float32Array;
}

const DEFAULTS: Required<KnnOptions> = { k: 15 };

/** Exact kNN from an n×n distance matrix (row-major). */
export function knn(distances: Float32Array, n: number, options: KnnOptions = {}): KnnResult {
  const requested = options.k ?? DEFAULTS.k;
  if (!Number.isInteger(n) || n < 2) throw new Error(`knn: n (${n}) must be an integer ≥ 2`);
  if (distances.length !== n * n) {
    throw new Error(`knn: distances length (${distances.length}) must equal n*n (${n}*${n})`);
  }
  if (!Number.isInteger(requested) || requested < 1) {
    throw new Error(`knn: k (${requested}) must be an integer ≥ 1`);
  }
  // With fewer than k other points, every other point is a neighbour.
  const k = Math.min(requested, n - 1);
  const indices = new Int32Array(n * k);
  const dists = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const o = i * k;
    let filled = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = distances[row + j];
      if (!(d >= 0 && d < Infinity))
        throw new Error(`knn: distance (${d}) at (${i}, ${j}) must be finite and ≥ 0`);
      // j only grows, so an equal distance never displaces an earlier (smaller) index.
      if (filled === k && d >= dists[o + k - 1]) continue;
      let p = filled < k ? filled++ : k - 1;
      while (p > 0 && dists[o + p - 1] > d) {
        dists[o + p] = dists[o + p - 1];
        indices[o + p] = indices[o + p - 1];
        p--;
      }
      dists[o + p] = d;
      indices[o + p] = j;
    }
  }
  return { n, k, indices, distances: dists };
}

/** Exact kNN of n points of dimension dim (row-major); builds the full n×n distance matrix. */
export function knnFromData(
  data: Float32Array,
  n: number,
  dim: number,
  options: KnnOptions = {},
): KnnResult {
  return knn(pairwiseDistances(data, n, dim), n, options);
}

/** The first k neighbours of every row of a kNN result (equal to a kNN with that k: rows are sorted). */
export function knnPrefix(result: KnnResult, k: number): KnnResult {
  if (k >= result.k) return result;
  if (!Number.isInteger(k) || k < 1) throw new Error(`knn: prefix k (${k}) must be an integer ≥ 1`);
  const indices = new Int32Array(result.n * k);
  const distances = new Float32Array(result.n * k);
  for (let i = 0; i < result.n; i++) {
    indices.set(result.indices.subarray(i * result.k, i * result.k + k), i * k);
    distances.set(result.distances.subarray(i * result.k, i * result.k + k), i * k);
  }
  return { n: result.n, k, indices, distances };
}
