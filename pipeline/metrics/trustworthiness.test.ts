import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { createRandom, permutation } from '../util/random.ts';
import { nearestNeighbors } from './neighbors.ts';
import { continuity, trustworthiness } from './trustworthiness.ts';
import { naiveTrustworthiness, permuteRows, randomPoints } from './test-data.ts';

describe('trustworthiness and continuity', () => {
  it('match a hand-computed case: 6 points on a line, two swapped, k = 1', () => {
    // Original x = 0…5; layout swaps points 0 and 1 (layout x = 1, 0, 2, 3, 4, 5).
    // 1-NN (ties → smaller index): original 0→1, 1→0, 2→1, 3→2, 4→3, 5→4;
    // layout 0→1, 1→0, 2→0, 3→2, 4→3, 5→4. Only point 2 differs.
    // T: layout neighbour 0 of point 2 ranks 3rd in the original (1 and 3 at 1, then 0
    // before 4 at 2), penalty 3 − 1 = 2. C: original neighbour 1 of point 2 ranks 3rd in
    // the layout (0 and 3 at 1, then 1 before 4 at 2), penalty 2.
    // Both: 1 − 2/(6·1·(12 − 3 − 1)) · 2 = 1 − 1/12 = 11/12.
    const high = pairwiseDistances(new Float32Array([0, 1, 2, 3, 4, 5]), 6, 1);
    const low = pairwiseDistances(new Float32Array([1, 0, 2, 3, 4, 5]), 6, 1);
    expect(trustworthiness(high, low, 6, { k: 1 })).toBeCloseTo(11 / 12, 14);
    expect(continuity(high, low, 6, { k: 1 })).toBeCloseTo(11 / 12, 14);
  });

  it('are exactly 1 for the identity layout and for the same distances', () => {
    const n = 300;
    const flat = randomPoints(n, 2, 1);
    const dist = pairwiseDistances(flat, n, 2);
    // Doubling is exact in binary floating point, so every rank is kept exactly.
    const doubled = pairwiseDistances(
      flat.map((v) => 2 * v),
      n,
      2,
    );
    const high = pairwiseDistances(randomPoints(n, 16, 2), n, 16);
    for (const [a, b] of [
      [dist, dist],
      [dist, doubled],
      [high, high],
    ]) {
      expect(trustworthiness(a, b, n)).toBe(1);
      expect(continuity(a, b, n)).toBe(1);
    }
  });

  it('drop far below 1 for a randomly shuffled layout', () => {
    const n = 500;
    const data = randomPoints(n, 2, 3);
    const high = pairwiseDistances(data, n, 2);
    const low = pairwiseDistances(permuteRows(data, 2, permutation(n, createRandom(4))), n, 2);
    expect(trustworthiness(high, low, n)).toBeLessThan(0.7);
    expect(continuity(high, low, n)).toBeLessThan(0.7);
  });

  it('agree with a naive full-sort reference to 1e-6, with and without ties', () => {
    const n = 150;
    const random = createRandom(9);
    const data = randomPoints(n, 6, 10);
    // Layout: first two coordinates plus noise, i.e. a plausible, imperfect projection.
    const layout = Float32Array.from(
      { length: n * 2 },
      (_, p) => data[Math.floor(p / 2) * 6 + (p % 2)] + 0.5 * random(),
    );
    const tiedData = data.map((v) => Math.round(v));
    const tiedLayout = layout.map((v) => Math.round(2 * v));
    for (const [hd, ld] of [
      [data, layout],
      [tiedData, tiedLayout],
    ]) {
      const high = pairwiseDistances(hd, n, 6);
      const low = pairwiseDistances(ld, n, 2);
      for (const k of [1, 5, 10, 40, 74]) {
        const t = trustworthiness(high, low, n, { k });
        const c = continuity(high, low, n, { k });
        expect(Math.abs(t - naiveTrustworthiness(high, low, n, k))).toBeLessThan(1e-6);
        expect(Math.abs(c - naiveTrustworthiness(low, high, n, k))).toBeLessThan(1e-6);
        expect(t).toBeLessThan(1);
      }
    }
  });

  it('give the same value with precomputed neighbours', () => {
    const n = 100;
    const high = pairwiseDistances(randomPoints(n, 5, 1), n, 5);
    const low = pairwiseDistances(randomPoints(n, 2, 2), n, 2);
    const shared = {
      k: 7,
      highNeighbors: nearestNeighbors(high, n, 7),
      lowNeighbors: nearestNeighbors(low, n, 7),
    };
    expect(trustworthiness(high, low, n, shared)).toBe(trustworthiness(high, low, n, { k: 7 }));
    expect(continuity(high, low, n, shared)).toBe(continuity(high, low, n, { k: 7 }));
  });

  it('name the bad argument', () => {
    const d = pairwiseDistances(randomPoints(20, 2, 1), 20, 2);
    expect(() => trustworthiness(d, d, 20)).toThrow(
      'trustworthiness: k (10) must be an integer with 1 ≤ k < n/2 (10)',
    );
    expect(() => continuity(d, d, 20, { k: 2.5 })).toThrow('continuity: k (2.5)');
    expect(() => trustworthiness(d, new Float32Array(4), 20, { k: 3 })).toThrow(
      'trustworthiness: lowDist length (4) must equal n*n (400)',
    );
    expect(() => continuity(d, d, 20, { k: 3, highNeighbors: new Int32Array(5) })).toThrow(
      'continuity: highNeighbors length (5) must equal n*k (60)',
    );
  });
});
