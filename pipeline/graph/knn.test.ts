import { describe, expect, it } from 'vitest';
import { createRandom, gaussian } from '../util/random.ts';
import { pairwiseDistances } from './distances.ts';
import { firstNeighbors, knn, knnFromData, refineKnn } from './knn.ts';

/** Random points with exact duplicates and dead (all-zero) rows mixed in. */
function awkwardData(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const data = new Float32Array(n * dim);
  for (let e = 0; e < data.length; e++) data[e] = gaussian(random);
  for (let i = 0; i < n; i += 7) data.fill(0, i * dim, (i + 1) * dim); // dead rows
  for (let i = 3; i < n; i += 11) data.copyWithin(i * dim, (i - 1) * dim, i * dim); // duplicates
  return data;
}

/** The definition: all j ≠ i sorted by (distance, index), first k. */
function bruteForce(
  distances: Float32Array,
  n: number,
  k: number,
): { indices: number[]; distances: number[] } {
  const indices: number[] = [];
  const dists: number[] = [];
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    others.sort((a, b) => distances[i * n + a] - distances[i * n + b] || a - b);
    for (const j of others.slice(0, k)) {
      indices.push(j);
      dists.push(distances[i * n + j]);
    }
  }
  return { indices, distances: dists };
}

describe('knn', () => {
  it.each([1, 5, 16, 59])(
    'equals a brute-force sort with duplicates and dead rows (k = %i)',
    (k) => {
      const n = 60;
      const d = pairwiseDistances(awkwardData(n, 4, 11), n, 4);
      const result = knn(d, n, { k });
      const expected = bruteForce(d, n, k);
      expect(result.k).toBe(k);
      expect(Array.from(result.indices)).toEqual(expected.indices);
      expect(Array.from(result.distances)).toEqual(expected.distances);
    },
  );

  it('equals a brute-force sort when most distances tie (3 distinct values, n = 200)', () => {
    const n = 200;
    const random = createRandom(8);
    const d = new Float32Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) d[i * n + j] = d[j * n + i] = Math.floor(3 * random()) / 3;
    for (const k of [7, 64, 150]) {
      const result = knn(d, n, { k });
      expect(Array.from(result.indices)).toEqual(bruteForce(d, n, k).indices);
    }
  });

  it('clamps k ≥ n to n − 1: every other point, nearest first', () => {
    const n = 9;
    const d = pairwiseDistances(awkwardData(n, 3, 5), n, 3);
    const result = knn(d, n, { k: 50 });
    expect(result.k).toBe(n - 1);
    expect(Array.from(result.indices)).toEqual(bruteForce(d, n, n - 1).indices);
  });

  it('breaks ties by the smaller index when every point is identical', () => {
    const n = 6;
    const result = knnFromData(new Float32Array(n * 3), n, 3, { k: 3 });
    expect(Array.from(result.indices)).toEqual([
      1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2, 0, 1, 2, 0, 1, 2,
    ]);
    expect(result.distances.every((v) => v === 0)).toBe(true);
  });

  it('matches a small golden (points on a line)', () => {
    const xs = Float32Array.from([0, 1, 3, 6, 10]);
    const result = knnFromData(xs, 5, 1, { k: 2 });
    expect(Array.from(result.indices)).toEqual([1, 2, 0, 2, 1, 0, 2, 4, 3, 2]);
    expect(Array.from(result.distances)).toEqual([1, 3, 1, 2, 2, 3, 3, 4, 4, 7]);
  });

  it('defaults to k = 15', () => {
    const n = 40;
    expect(knnFromData(awkwardData(n, 2, 3), n, 2).k).toBe(15);
  });

  it('rejects bad input with the offending value', () => {
    expect(() => knn(new Float32Array(1), 1, { k: 1 })).toThrow(
      'knn: n (1) must be an integer ≥ 2',
    );
    expect(() => knn(new Float32Array(4), 2, { k: 0 })).toThrow(
      'knn: k (0) must be an integer ≥ 1',
    );
    expect(() => knn(new Float32Array(4), 2, { k: 1.5 })).toThrow('knn: k (1.5)');
    expect(() => knn(new Float32Array(5), 2)).toThrow(
      'knn: distances length (5) must equal n*n (2*2)',
    );
    expect(() => knn(Float32Array.from([0, NaN, NaN, 0]), 2)).toThrow(
      'knn: distance (NaN) at (0, 1)',
    );
  });
});

describe('firstNeighbors', () => {
  it('equals the kNN computed with the smaller k (one total order per row)', () => {
    const n = 50;
    const d = pairwiseDistances(awkwardData(n, 3, 8), n, 3);
    const small = firstNeighbors(knn(d, n, { k: 15 }), 10);
    const direct = knn(d, n, { k: 10 });
    expect(small.indices).toEqual(direct.indices);
    expect(small.distances).toEqual(direct.distances);
    expect(() => firstNeighbors(direct, 11)).toThrow(
      "knn: k (11) must be an integer with 1 ≤ k ≤ the result's k (10)",
    );
  });
});

describe('refineKnn', () => {
  it('re-ranks exact candidates to the exact kNN, rescanning only uncertifiable rows', () => {
    const n = 70;
    const data = awkwardData(n, 5, 2);
    const d = pairwiseDistances(data, n, 5);
    const reference = knn(d, n, { k: 6 });
    const candidates = knn(d, n, { k: 12 });
    const refined = refineKnn(data, 5, candidates, { k: 6 });
    expect(refined.indices).toEqual(reference.indices);
    expect(refined.distances).toEqual(reference.distances);
    // The certificate settles most rows without a rescan (measured: 16 of 70 rescanned).
    expect(refined.rescanned).toBeGreaterThan(0);
    expect(refined.rescanned).toBeLessThan(n / 2);
  });

  it('rejects bad input with the offending value', () => {
    const data = awkwardData(10, 2, 1);
    const candidates = knn(pairwiseDistances(data, 10, 2), 10, { k: 4 });
    expect(() => refineKnn(data, 2, candidates, { k: 5 })).toThrow(
      "refineKnn: k (5) must be ≤ the candidates' k (4)",
    );
    expect(() => refineKnn(data.subarray(1), 2, candidates, { k: 2 })).toThrow(
      'refineKnn: data length (19) must equal n*dim (10*2)',
    );
    const bad = data.slice();
    bad[3] = NaN;
    expect(() => refineKnn(bad, 2, candidates, { k: 2 })).toThrow('refineKnn: data[3] (NaN)');
    expect(() => knn(new Float32Array(100), 10, { refine: { data, dim: 2, extra: -1 } })).toThrow(
      'knn: refine.extra (-1) must be an integer ≥ 0',
    );
  });
});
