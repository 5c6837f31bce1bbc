import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { createRandom, permutation } from '../util/random.ts';
import { knnPreservation, preservedNeighbours } from './knn-preservation.ts';
import { nearestNeighbors } from './neighbors.ts';
import { permuteRows, randomPoints, sortedRow } from './test-data.ts';

function naiveKnnPreservation(high: Float32Array, low: Float32Array, n: number, k: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = new Set(sortedRow(high, n, i).slice(0, k));
    total +=
      sortedRow(low, n, i)
        .slice(0, k)
        .filter((j) => a.has(j)).length / k;
  }
  return total / n;
}

describe('knnPreservation', () => {
  it('matches a hand-computed case: 6 points on a line, two swapped, k = 1', () => {
    // Original x = 0…5, layout x = 1, 0, 2, 3, 4, 5: only point 2 changes its nearest
    // neighbour (1 → 0), so 5 of 6 neighbourhoods are kept.
    const high = pairwiseDistances(new Float32Array([0, 1, 2, 3, 4, 5]), 6, 1);
    const low = pairwiseDistances(new Float32Array([1, 0, 2, 3, 4, 5]), 6, 1);
    expect(knnPreservation(high, low, 6, { k: 1 })).toBeCloseTo(5 / 6, 14);
    expect(Array.from(preservedNeighbours(high, low, 6, { k: 1 }))).toEqual([1, 1, 0, 1, 1, 1]);
  });

  it('counts per point what the mean counts, and each count against a naive set intersection', () => {
    const n = 120;
    const k = 7;
    const high = pairwiseDistances(randomPoints(n, 5, 3), n, 5);
    const low = pairwiseDistances(randomPoints(n, 2, 4), n, 2);
    const kept = preservedNeighbours(high, low, n, { k });
    kept.forEach((count, i) => {
      const a = new Set(sortedRow(high, n, i).slice(0, k));
      expect(count).toBe(
        sortedRow(low, n, i)
          .slice(0, k)
          .filter((j) => a.has(j)).length,
      );
    });
    const total = kept.reduce((s, c) => s + c, 0);
    expect(total).toBeGreaterThan(0);
    expect(knnPreservation(high, low, n, { k })).toBe(total / (n * k));
  });

  it('is exactly 1 for the identity layout', () => {
    const n = 300;
    const data = randomPoints(n, 2, 1);
    const dist = pairwiseDistances(data, n, 2);
    expect(knnPreservation(dist, dist, n)).toBe(1);
    expect(
      knnPreservation(
        dist,
        pairwiseDistances(
          data.map((v) => 2 * v),
          n,
          2,
        ),
        n,
      ),
    ).toBe(1);
  });

  it('is near k/n for a randomly shuffled layout', () => {
    const n = 500;
    const data = randomPoints(n, 2, 3);
    const high = pairwiseDistances(data, n, 2);
    const low = pairwiseDistances(permuteRows(data, 2, permutation(n, createRandom(4))), n, 2);
    expect(knnPreservation(high, low, n)).toBeLessThan(0.3);
  });

  it('agrees with a naive set-intersection reference, and with precomputed neighbours', () => {
    const n = 120;
    const high = pairwiseDistances(randomPoints(n, 5, 5), n, 5);
    const low = pairwiseDistances(randomPoints(n, 5, 5).subarray(0, n * 2), n, 2);
    for (const k of [1, 4, 15, n - 1]) {
      const value = knnPreservation(high, low, n, { k });
      expect(value).toBeCloseTo(naiveKnnPreservation(high, low, n, k), 12);
      const shared = {
        k,
        highNeighbors: nearestNeighbors(high, n, k),
        lowNeighbors: nearestNeighbors(low, n, k),
      };
      expect(knnPreservation(high, low, n, shared)).toBe(value);
    }
  });

  it('names the bad argument', () => {
    const d = pairwiseDistances(randomPoints(8, 2, 1), 8, 2);
    expect(() => knnPreservation(d, d, 8)).toThrow(
      'knnPreservation: k (10) must be an integer with 1 ≤ k < n (8)',
    );
    expect(() => knnPreservation(d, d, 8, { k: 2, lowNeighbors: new Int32Array(3) })).toThrow(
      'knnPreservation: lowNeighbors length (3) must equal n*k (16)',
    );
  });
});
