/**
 * How far the nodes moved between two consecutive layouts of the same points (same node
 * order), in layout units. Meaningful only after alignment to the previous snapshot.
 */
import { checkCount, checkLength } from './validate.ts';

/** Mean Euclidean distance between matching rows of two n×2 layouts. */
export function meanDisplacement(prev: Float32Array, curr: Float32Array, n: number): number {
  checkCount('displacement', n);
  checkLength('displacement', 'prev', prev, n * 2, 'n*2');
  checkLength('displacement', 'curr', curr, n * 2, 'n*2');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += Math.hypot(curr[2 * i] - prev[2 * i], curr[2 * i + 1] - prev[2 * i + 1]);
  }
  return sum / n;
}
