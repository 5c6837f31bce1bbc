/**
 * Where the scrambled samples sit (mlp-scrambled): the share of the selected points most of
 * whose k neighbours carry a given class. With the point's true class it asks "still with
 * its own digits?", with its assigned label "moved to the class it was told?".
 */
import { checkCount, checkK, checkLabels, checkLength } from './validate.ts';

/**
 * Share of the points with `members[i] = 1` whose k neighbours (rows of `neighbors`) have
 * `target[i]` as their label (`labels[j]`) more than k/2 times, in [0, 1]; −1 when no point is
 * a member (a share of nothing is not 0).
 */
export function neighbourMajorityShare(
  neighbors: Int32Array,
  n: number,
  k: number,
  labels: ArrayLike<number>,
  target: ArrayLike<number>,
  members: ArrayLike<number>,
): number {
  checkCount('neighbourMajorityShare', n);
  checkK('neighbourMajorityShare', k, n, 'n');
  checkLength('neighbourMajorityShare', 'neighbors', neighbors, n * k, 'n*k');
  checkLabels('neighbourMajorityShare', labels, n);
  checkLength('neighbourMajorityShare', 'target', target, n, 'n');
  checkLength('neighbourMajorityShare', 'members', members, n, 'n');
  let count = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    if (members[i] !== 1) continue;
    count++;
    let same = 0;
    for (let p = i * k, end = p + k; p < end; p++) if (labels[neighbors[p]] === target[i]) same++;
    if (2 * same > k) hits++;
  }
  return count === 0 ? -1 : hits / count;
}
