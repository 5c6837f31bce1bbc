/**
 * Mean silhouette coefficient (Rousseeuw 1987) from a dense distance matrix: for point i,
 * a = mean distance to the rest of its own class, b = the smallest mean distance to another
 * class, s = (b − a) / max(a, b). One pass over each row with a per-class accumulator: O(n²).
 */
import { checkCount, checkLabels, checkMatrix } from './validate.ts';

/**
 * Mean silhouette over all n points, in [−1, 1]. Conventions: a point alone in its class
 * scores 0; a = b = 0 (coincident points) scores 0; a single class overall returns 0
 * (there is no "other cluster", and the pipeline must not stop on a degenerate layer).
 */
export function silhouette(dist: Float32Array, n: number, labels: ArrayLike<number>): number {
  checkCount('silhouette', n);
  checkMatrix('silhouette', 'dist', dist, n);
  checkLabels('silhouette', labels, n);

  // Compact class ids 0…c-1, in order of first appearance.
  const ids = new Map<number, number>();
  const cls = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let id = ids.get(labels[i]);
    if (id === undefined) ids.set(labels[i], (id = ids.size));
    cls[i] = id;
  }
  const c = ids.size;
  if (c < 2) return 0;
  const size = new Int32Array(c);
  for (let i = 0; i < n; i++) size[cls[i]]++;

  const sums = new Float64Array(c);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = cls[i];
    if (size[own] === 1) continue; // singleton: s = 0
    sums.fill(0);
    const row = i * n;
    for (let j = 0; j < n; j++) sums[cls[j]] += dist[row + j];
    // The diagonal was summed into the own class; take it out rather than branch per j.
    const a = (sums[own] - dist[row + i]) / (size[own] - 1);
    let b = Infinity;
    for (let q = 0; q < c; q++) {
      if (q !== own) b = Math.min(b, sums[q] / size[q]);
    }
    // a = b covers a = b = 0; a NaN fails the test, so it reaches the sum and the check below.
    if (a !== b) total += (b - a) / Math.max(a, b);
  }
  const mean = total / n;
  if (!Number.isFinite(mean)) {
    throw new Error(
      `silhouette: result (${mean}) is not finite; dist must hold finite non-negative numbers`,
    );
  }
  return mean;
}
