/**
 * Seeded inputs and naive reference implementations for the metrics tests. The references
 * sort full rows on purpose: slow, obviously right, and independent of the fast code.
 */
import { createRandom, gaussian } from '../util/random.ts';

/** n standard-normal points in `dim` dimensions, row-major. */
export function randomPoints(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < out.length; i++) out[i] = gaussian(random);
  return out;
}

/** `classes` Gaussian blobs with centres `separation` apart along distinct axes; labels i mod classes. */
export function clusteredPoints(
  n: number,
  dim: number,
  classes: number,
  separation: number,
  seed: number,
): { data: Float32Array; labels: Int32Array } {
  const data = randomPoints(n, dim, seed);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % classes;
    data[i * dim + (labels[i] % dim)] += separation * (1 + Math.floor(labels[i] / dim));
  }
  return { data, labels };
}

/** Row i of `data` moved to row perm[i]: the same cloud, with every point's identity scrambled. */
export function permuteRows(data: Float32Array, dim: number, perm: Int32Array): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < perm.length; i++)
    out.set(data.subarray(i * dim, (i + 1) * dim), perm[i] * dim);
  return out;
}

/** Every l ≠ i, nearest first, ties by smaller index, by a full sort of row i. */
export function sortedRow(dist: Float32Array, n: number, i: number): number[] {
  const others = [...Array(n).keys()].filter((l) => l !== i);
  return others.sort((a, b) => dist[i * n + a] - dist[i * n + b] || a - b);
}

/** Trustworthiness by the textbook: full-sort ranks and kNN sets in both spaces. */
export function naiveTrustworthiness(
  high: Float32Array,
  low: Float32Array,
  n: number,
  k: number,
): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const highRow = sortedRow(high, n, i);
    const highSet = new Set(highRow.slice(0, k));
    for (const j of sortedRow(low, n, i).slice(0, k)) {
      if (!highSet.has(j)) sum += highRow.indexOf(j) + 1 - k;
    }
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * sum;
}
