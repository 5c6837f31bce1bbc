/**
 * How far whole classes moved between two consecutive (aligned) layouts: the distance each
 * class centroid travelled, averaged over the classes present. Unlike the per-node
 * displacement, the jitter of single nodes cancels, so it shows when classes themselves move.
 */
import { checkCount, checkLength } from './validate.ts';

/** Mean over classes of the distance between the class's centroids in `prev` and `curr` (n×2 each). */
export function classDisplacement(
  prev: Float32Array,
  curr: Float32Array,
  n: number,
  labels: ArrayLike<number>,
): number {
  checkCount('classDisplacement', n);
  checkLength('classDisplacement', 'prev', prev, n * 2, 'n*2');
  checkLength('classDisplacement', 'curr', curr, n * 2, 'n*2');
  checkLength('classDisplacement', 'labels', labels, n, 'n');
  // dx, dy and count per class, keyed by label.
  const sums = new Map<number, [number, number, number]>();
  for (let i = 0; i < n; i++) {
    const s = sums.get(labels[i]) ?? [0, 0, 0];
    s[0] += curr[2 * i] - prev[2 * i];
    s[1] += curr[2 * i + 1] - prev[2 * i + 1];
    s[2]++;
    sums.set(labels[i], s);
  }
  let total = 0;
  for (const [dx, dy, count] of sums.values()) total += Math.hypot(dx / count, dy / count);
  return total / sums.size;
}
