/**
 * k-nearest neighbours and neighbour ranks read off a dense distance matrix. Both use one
 * total order per row — by distance, ties by smaller index, self excluded — so the kNN
 * sets and the ranks always agree: j is in i's k-NN exactly when rank(i, j) ≤ k.
 * The kNN itself is `graph/knn.ts`'s (one implementation); this wrapper only insists on
 * k < n where `knn` clamps.
 */
import { knn } from '../graph/knn.ts';
import { checkCount, checkK, checkMatrix } from './validate.ts';

/** The k nearest neighbours of every point, nearest first: row-major Int32Array(n*k). */
export function nearestNeighbors(dist: Float32Array, n: number, k: number): Int32Array {
  checkCount('neighbors', n);
  checkMatrix('neighbors', 'dist', dist, n);
  checkK('neighbors', k, n, 'n');
  return knn(dist, n, { k }).indices;
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
