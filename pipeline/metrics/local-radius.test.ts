import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { createRandom, gaussian, permutation } from '../util/random.ts';
import { localRadiusR, logLocalRadii, pearson, type RadiusSpace } from './local-radius.ts';
import { nearestNeighbors } from './neighbors.ts';
import { permuteRows, randomPoints, sortedRow } from './test-data.ts';

/** A space from its points, with its own kNN. */
function space(points: Float32Array, n: number, dim: number, k: number): RadiusSpace {
  const dist = pairwiseDistances(points, n, dim);
  return { dist, neighbors: nearestNeighbors(dist, n, k) };
}

/** Blobs whose spreads differ by a factor of 30: local radii vary across the cloud. */
function unevenBlobs(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const blob = i % 6;
    const spread = 0.1 * (1 + blob * blob);
    for (let d = 0; d < dim; d++)
      out[i * dim + d] = (d === blob % dim ? 20 * (1 + blob) : 0) + spread * gaussian(random);
  }
  return out;
}

/** densMAP's score by the textbook: full-sort kNN, mean squared distance, log, two-pass Pearson. */
function naiveLocalRadiusR(high: Float32Array, low: Float32Array, n: number, k: number): number {
  const logRadii = (dist: Float32Array): number[] => {
    const r = Array.from({ length: n }, (_, i) => {
      const near = sortedRow(dist, n, i).slice(0, k);
      return near.reduce((s, j) => s + dist[i * n + j] ** 2, 0) / k;
    });
    const mean = r.reduce((s, v) => s + v, 0) / n;
    return r.map((v) => Math.log(v + 1e-6 * mean));
  };
  const a = logRadii(high);
  const b = logRadii(low);
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('localRadiusR', () => {
  it('is 1 when the layout is a scaled, rotated, shifted copy of the points', () => {
    const n = 600;
    const k = 10;
    const points = unevenBlobs(n, 2, 1);
    const [c, s, scale] = [Math.cos(0.7), Math.sin(0.7), 0.013];
    const layout = Float32Array.from({ length: 2 * n }, (_, p) => {
      const [x, y] = [points[p - (p % 2)], points[p - (p % 2) + 1]];
      return scale * (p % 2 === 0 ? c * x - s * y : s * x + c * y) + 0.3;
    });
    const r = localRadiusR(space(points, n, 2, k), space(layout, n, 2, k), n, { k });
    expect(r).toBeCloseTo(1, 5);
  });

  it('matches a naive reference on unrelated spaces', () => {
    for (const [n, dim, k, seed] of [
      [300, 8, 10, 2],
      [150, 3, 5, 3],
      [80, 20, 1, 4],
    ] as const) {
      const high = unevenBlobs(n, dim, seed);
      const low = randomPoints(n, 2, seed + 10);
      const fast = localRadiusR(space(high, n, dim, k), space(low, n, 2, k), n, { k });
      const naive = naiveLocalRadiusR(
        pairwiseDistances(high, n, dim),
        pairwiseDistances(low, n, 2),
        n,
        k,
      );
      expect(fast, `n ${n}, dim ${dim}, k ${k}`).toBeCloseTo(naive, 10);
    }
  });

  it('is near 0 when the layout keeps the cloud but permutes which point has which radius', () => {
    const n = 1200;
    const k = 10;
    const points = unevenBlobs(n, 2, 5);
    const high = space(points, n, 2, k);
    // The same cloud unpermuted scores 1: the control below differs only by the permutation.
    expect(localRadiusR(high, high, n, { k })).toBeCloseTo(1, 12);
    const shuffled = permuteRows(points, 2, permutation(n, createRandom(6)));
    const r = localRadiusR(high, space(shuffled, n, 2, k), n, { k });
    expect(Math.abs(r)).toBeLessThan(0.1);
  });

  it('gives a finite log for coincident neighbours and 0 for a layout with no spread', () => {
    const n = 40;
    const k = 3;
    const points = randomPoints(n, 4, 7);
    points.set(points.subarray(0, 4), 4); // points 0 and 1 coincide
    const radii = logLocalRadii(space(points, n, 4, k), n, { k });
    expect(radii.every(Number.isFinite)).toBe(true);
    const flat = space(new Float32Array(2 * n), n, 2, k);
    expect(Array.from(logLocalRadii(flat, n, { k }))).toEqual(new Array<number>(n).fill(0));
    expect(localRadiusR(space(points, n, 4, k), flat, n, { k })).toBe(0);
  });

  it('computes Pearson r, 0 for a constant series', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 14);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 14);
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 14);
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBe(0);
  });

  it('names bad input', () => {
    const s = space(randomPoints(5, 2, 8), 5, 2, 2);
    expect(() => localRadiusR(s, s, 5, { k: 5 })).toThrow(
      'localRadius: k (5) must be an integer with 1 ≤ k < n (5)',
    );
    expect(() => localRadiusR(s, s, 5, { k: 3 })).toThrow(
      'localRadius: neighbors length (10) must equal n*k (15)',
    );
    expect(() => localRadiusR(s, s, 5, { k: 2, epsilon: 0 })).toThrow(
      'localRadius: epsilon (0) must be > 0',
    );
    expect(() => pearson([1, 2], [1])).toThrow('localRadius: pearson of 2 and 1 values');
  });
});
