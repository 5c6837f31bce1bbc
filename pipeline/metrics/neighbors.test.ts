import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { nearestNeighbors, neighborRank } from './neighbors.ts';
import { randomPoints, sortedRow } from './test-data.ts';

/** Integer grid coordinates: many exactly equal distances, so the tie rule matters. */
function tiedPoints(n: number, seed: number): Float32Array {
  return randomPoints(n, 2, seed).map((v) => Math.round(v * 2));
}

describe('nearestNeighbors', () => {
  it('orders by distance, ties by smaller index, self excluded (hand case)', () => {
    // x = [0, 1, -1, 2, -2]. From point 0: d = 1, 1, 2, 2 for points 1, 2, 3, 4.
    // From point 1 (x = 1): point 0 at 1, point 3 at 1, point 2 at 2, point 4 at 3.
    const dist = pairwiseDistances(new Float32Array([0, 1, -1, 2, -2]), 5, 1);
    const nn = nearestNeighbors(dist, 5, 4);
    expect([...nn.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    expect([...nn.subarray(4, 8)]).toEqual([0, 3, 2, 4]);
  });

  it('equals the first k of a full sort, with ties, for several k', () => {
    const n = 120;
    const dist = pairwiseDistances(tiedPoints(n, 7), n, 2);
    for (const k of [1, 3, 10, n - 1]) {
      const nn = nearestNeighbors(dist, n, k);
      for (let i = 0; i < n; i++)
        expect([...nn.subarray(i * k, (i + 1) * k)]).toEqual(sortedRow(dist, n, i).slice(0, k));
    }
  });

  it('rejects a bad k, a wrong matrix size and NaN distances', () => {
    const dist = pairwiseDistances(randomPoints(5, 2, 1), 5, 2);
    expect(() => nearestNeighbors(dist, 5, 5)).toThrow(
      'neighbors: k (5) must be an integer with 1 ≤ k < n (5)',
    );
    expect(() => nearestNeighbors(dist, 5, 0)).toThrow('neighbors: k (0)');
    expect(() => nearestNeighbors(dist, 4, 2)).toThrow(
      'neighbors: dist length (25) must equal n*n (16)',
    );
    dist[3] = NaN;
    expect(() => nearestNeighbors(dist, 5, 2)).toThrow(
      'knn: distance (NaN) at (0, 3) must be finite and ≥ 0',
    );
  });
});

describe('neighborRank', () => {
  it('is 1 + the position in the full-sort order, for every pair, with ties', () => {
    const n = 60;
    const dist = pairwiseDistances(tiedPoints(n, 3), n, 2);
    for (let i = 0; i < n; i++) {
      const order = sortedRow(dist, n, i);
      const ranks = order.map((j) => neighborRank(dist, n, i, j));
      expect(ranks).toEqual(order.map((_, p) => p + 1));
    }
  });

  it('agrees with nearestNeighbors: j is in the k-NN of i exactly when its rank ≤ k', () => {
    const n = 80;
    const k = 7;
    const dist = pairwiseDistances(tiedPoints(n, 11), n, 2);
    const nn = nearestNeighbors(dist, n, k);
    for (let i = 0; i < n; i++) {
      const set = new Set(nn.subarray(i * k, (i + 1) * k));
      for (let j = 0; j < n; j++)
        if (j !== i) expect(set.has(j)).toBe(neighborRank(dist, n, i, j) <= k);
    }
  });

  it('refuses the rank of a point among its own neighbours', () => {
    const dist = pairwiseDistances(randomPoints(4, 2, 1), 4, 2);
    expect(() => neighborRank(dist, 4, 2, 2)).toThrow('neighbors: rank of a point (2)');
  });
});
