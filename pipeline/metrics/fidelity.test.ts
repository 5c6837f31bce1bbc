import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { fitToBox } from '../layout/align.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { layoutFidelity } from './fidelity.ts';
import { localRadiusR } from './local-radius.ts';
import { nearestNeighbors } from './neighbors.ts';
import { clusteredPoints } from './test-data.ts';
import { visibleShare } from './visible-share.ts';

describe('layoutFidelity', () => {
  const n = 400;
  const dim = 6;
  const k = 10;
  const { data, labels } = clusteredPoints(n, dim, 4, 6, 3);
  // A raw layout as UMAP or PCA gives it: far from the box, and three points (< 1 %) stranded
  // far out, off the drawn panel until fitToBox pulls them onto the box's edge.
  const random = createRandom(4);
  const raw = Float32Array.from(
    { length: 2 * n },
    (_, p) => 40 + 25 * data[Math.floor(p / 2) * dim + (p % 2)] + gaussian(random),
  );
  for (const i of [0, 133, 266]) raw[2 * i] += 4000 * (i % 2 ? 1 : -1);

  it('scores visible_share on the layout fitted into the box, as published layouts are drawn', () => {
    const f = layoutFidelity(data, dim, raw, labels, k);
    const fitted = visibleShare(fitToBox(raw, n), n);
    expect(f.visible_share).toBe(fitted);
    // The negative control: unfitted, the stranded points are off-panel and count as hidden.
    expect(visibleShare(raw, n)).toBeLessThan(fitted);
  });

  it('scores local_radius_r on the method’s own coordinates, with each space’s own kNN', () => {
    const f = layoutFidelity(data, dim, raw, labels, k);
    const high = pairwiseDistances(data, n, dim);
    const low = pairwiseDistances(raw, n, 2);
    const expected = localRadiusR(
      { dist: high, neighbors: nearestNeighbors(high, n, k) },
      { dist: low, neighbors: nearestNeighbors(low, n, k) },
      n,
      { k },
    );
    expect(f.local_radius_r).toBeCloseTo(expected, 10);
    // Not the fitted layout's: there the stranded points' radii shrink with the pull.
    const fitted = fitToBox(raw, n);
    const boxed = pairwiseDistances(fitted, n, 2);
    const onFitted = localRadiusR(
      { dist: high, neighbors: nearestNeighbors(high, n, k) },
      { dist: boxed, neighbors: nearestNeighbors(boxed, n, k) },
      n,
      { k },
    );
    expect(Math.abs(f.local_radius_r - onFitted)).toBeGreaterThan(1e-3);
  });
});
