/**
 * k-nearest neighbours and neighbour ranks read off a dense distance matrix. Both use one
 * total order per row — by distance, ties by smaller index, self excluded — so the kNN
 * sets and the ranks always agree: j is in i's k-NN exactly when rank(i, j) ≤ k.
 */
import { checkCount, checkK, checkMatrix } from './validate.ts';

/** The k nearest neighbours of every point, nearest first: row-major Int32Array(n*k). */
export function nearestNeighbors(dist: Float32Array, n: number, k: number): Int32Array {
  checkCount('neighbors', n);
  checkMatrix('neighbors', 'dist', dist, n);
  checkK('neighbors', k, n, 'n');
  const out = new Int32Array(n * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let size = 0;
    for (let l = 0; l < n; l++) {
      if (l === i) continue;
      const d = dist[row + l];
      if (!(d >= 0))
        throw new Error(`neighbors: dist[${i}*n+${l}] (${d}) must be a non-negative number`);
      // l grows, so an equal distance never displaces an earlier (smaller) index.
      if (size === k && d >= bestD[k - 1]) continue;
      let p = size < k ? size++ : k - 1;
      while (p > 0 && bestD[p - 1] > d) {
        bestD[p] = bestD[p - 1];
        bestI[p] = bestI[p - 1];
        p--;
      }
      bestD[p] = d;
      bestI[p] = l;
    }
    out.set(bestI, i * k);
  }
  return out;
}

/**
 * Rank of j among i's neighbours (1 = nearest):
 * 1 + #{l ≠ i, j : d(i,l) < d(i,j) or (d(i,l) = d(i,j) and l < j)}. O(n), no sorting; j ≠ i.
 */
export function neighborRank(dist: Float32Array, n: number, i: number, j: number): number {
  if (i === j)
    throw new Error(`neighbors: rank of a point (${i}) among its own neighbours is undefined`);
  const row = i * n;
  const dj = dist[row + j];
  let count = 0;
  // Split at j so the tie rule needs no branch: before j ties count, after j they do not.
  // `+(a < b)` compiles branch-free; an `if` mispredicts on every other element (≈3× slower).
  for (let l = 0; l < j; l++) count += +(dist[row + l] <= dj);
  for (let l = j + 1; l < n; l++) count += +(dist[row + l] < dj);
  // Take self back out if the loops above counted it.
  const dii = dist[row + i];
  if (i < j ? dii <= dj : dii < dj) count--;
  return 1 + count;
}
