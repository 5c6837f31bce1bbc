import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { createRandom } from '../util/random.ts';
import { silhouette } from './silhouette.ts';
import { clusteredPoints, randomPoints } from './test-data.ts';

const line = (xs: number[]) => pairwiseDistances(new Float32Array(xs), xs.length, 1);

/** Straight from the definition: per point, per cluster, mean distances. */
function naiveSilhouette(dist: Float32Array, n: number, labels: ArrayLike<number>): number {
  const classes = [...new Set(Array.from(labels))];
  if (classes.length < 2) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const meanTo = (c: number) => {
      const members = [...Array(n).keys()].filter((j) => labels[j] === c && j !== i);
      return members.reduce((s, j) => s + dist[i * n + j], 0) / members.length;
    };
    const own = [...Array(n).keys()].filter((j) => labels[j] === labels[i]).length;
    if (own === 1) continue;
    const a = meanTo(labels[i]);
    const b = Math.min(...classes.filter((c) => c !== labels[i]).map(meanTo));
    total += Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
  }
  return total / n;
}

describe('silhouette', () => {
  it('matches a hand-computed case: 5 points on a line, 2 classes', () => {
    // x = 0, 1, 2 (class 0) and 10, 11 (class 1).
    // x=0:  a = (1+2)/2 = 1.5, b = (10+11)/2 = 10.5,  s = 9/10.5  = 6/7
    // x=1:  a = (1+1)/2 = 1,   b = (9+10)/2  = 9.5,   s = 8.5/9.5 = 17/19
    // x=2:  a = (2+1)/2 = 1.5, b = (8+9)/2   = 8.5,   s = 7/8.5   = 14/17
    // x=10: a = 1,             b = (10+9+8)/3 = 9,    s = 8/9
    // x=11: a = 1,             b = (11+10+9)/3 = 10,  s = 9/10
    // mean = (6/7 + 17/19 + 14/17 + 8/9 + 9/10) / 5 = 888091/1017450 ≈ 0.8728596
    expect(silhouette(line([0, 1, 2, 10, 11]), 5, [0, 0, 0, 1, 1])).toBeCloseTo(
      888091 / 1017450,
      12,
    );
  });

  it('scores a singleton class 0 (hand case)', () => {
    // x = 0, 1 (class 0), 5 (class 7, alone). x=0: a = 1, b = 5, s = 0.8;
    // x=1: a = 1, b = 4, s = 0.75; x=5: singleton, s = 0. mean = 1.55/3.
    expect(silhouette(line([0, 1, 5]), 3, [0, 0, 7])).toBeCloseTo(1.55 / 3, 12);
  });

  it('agrees with a naive O(n²)-per-point reference on random data', () => {
    const random = createRandom(5);
    for (const [n, dim, classes] of [
      [60, 3, 2],
      [90, 8, 5],
      [40, 2, 9],
    ] as const) {
      const { data } = clusteredPoints(n, dim, classes, 1.5, n);
      // Random labels with negative and non-contiguous values, so class ids get remapped.
      const labels = Int32Array.from(
        { length: n },
        () => [-3, 4, 9, 100, 2][Math.floor(random() * 5)],
      );
      const dist = pairwiseDistances(data, n, dim);
      const expected = naiveSilhouette(dist, n, labels);
      expect(silhouette(dist, n, labels)).toBeCloseTo(expected, 9);
    }
  });

  it('is near 1 for well-separated clusters and negative for crossed labels', () => {
    const { data, labels } = clusteredPoints(200, 4, 4, 50, 1);
    expect(silhouette(pairwiseDistances(data, 200, 4), 200, labels)).toBeGreaterThan(0.9);
    // x = 0, 10 (class 0) and 1, 11 (class 1): every point's partner is the far one.
    // x=0: a = 10, b = (1+11)/2 = 6, s = -0.4;  x=1:  a = 10, b = (1+9)/2 = 5, s = -0.5
    // x=10: a = 10, b = (9+1)/2 = 5, s = -0.5;  x=11: a = 10, b = (11+1)/2 = 6, s = -0.4
    expect(silhouette(line([0, 1, 10, 11]), 4, [0, 1, 0, 1])).toBeCloseTo(-0.45, 12);
  });

  it('returns 0 for a single class and for coincident points', () => {
    const dist = pairwiseDistances(randomPoints(10, 2, 3), 10, 2);
    expect(silhouette(dist, 10, new Int32Array(10).fill(4))).toBe(0);
    expect(silhouette(new Float32Array(36), 6, [0, 0, 0, 1, 1, 1])).toBe(0);
  });

  it('names the bad argument', () => {
    const dist = line([0, 1, 2]);
    expect(() => silhouette(dist, 3, [0, 1])).toThrow(
      'silhouette: labels length (2) must equal n (3)',
    );
    expect(() => silhouette(dist, 3, [0, 0.5, 1])).toThrow(
      'silhouette: labels[1] (0.5) must be an integer',
    );
    expect(() => silhouette(dist, 2, [0, 1])).toThrow(
      'silhouette: dist length (9) must equal n*n (4)',
    );
    dist[1] = NaN;
    expect(() => silhouette(dist, 3, [0, 0, 1])).toThrow('silhouette: result (NaN) is not finite');
  });
});
