/**
 * Neighbourhood hit (Paulovich et al. 2008): how pure a layout's neighbourhoods are with
 * respect to the classes. 1 means every point's k layout neighbours share its class.
 */
import { checkCount, checkK, checkLabels, checkLength } from './validate.ts';

/** Mean share of each point's k neighbours (rows of `neighbors`) that carry its label, in [0, 1]. */
export function neighborhoodHit(
  neighbors: Int32Array,
  n: number,
  k: number,
  labels: ArrayLike<number>,
): number {
  checkCount('neighborhoodHit', n);
  checkK('neighborhoodHit', k, n, 'n');
  checkLength('neighborhoodHit', 'neighbors', neighbors, n * k, 'n*k');
  checkLabels('neighborhoodHit', labels, n);
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    for (let p = i * k, end = p + k; p < end; p++) {
      const j = neighbors[p];
      if (j < 0 || j >= n)
        throw new Error(`neighborhoodHit: neighbors[${p}] (${j}) must be in 0 … n-1 (n = ${n})`);
      if (labels[j] === own) hits++;
    }
  }
  // One division at the end keeps "all hits" exactly 1.
  return hits / (n * k);
}
