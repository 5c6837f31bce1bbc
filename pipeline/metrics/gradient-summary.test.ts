import { describe, expect, it } from 'vitest';
import { averageRanks, gradientSummary, quantileSorted, spearman } from './gradient-summary.ts';

/** Naive Pearson correlation, the reference for Spearman on ranks. */
function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  const cov = a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0);
  const va = a.reduce((s, v) => s + (v - ma) ** 2, 0);
  const vb = b.reduce((s, v) => s + (v - mb) ** 2, 0);
  return cov / Math.sqrt(va * vb);
}

describe('gradient summary', () => {
  it('ranks ties by their average rank', () => {
    expect(Array.from(averageRanks([10, 20, 10, 5]))).toEqual([2.5, 4, 2.5, 1]);
  });

  it('Spearman: ±1 for monotone relations, the textbook value otherwise, 0 for a constant', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [0, -1, -5, -6])).toBeCloseTo(-1, 12);
    // 1 − 6Σd²/(n(n²−1)) without ties: d = (0, 2, −1, −1) → 1 − 36/60.
    expect(spearman([1, 2, 3, 4], [1, 4, 2, 3])).toBeCloseTo(0.4, 12);
    expect(spearman([1, 2, 3], [7, 7, 7])).toBe(0);
    // With ties: the Pearson correlation of the average ranks.
    const a = [3, 1, 4, 1, 5, 9, 2, 6];
    const b = [0, 1, 0, 1, 1, 0, 0, 1];
    expect(spearman(a, b)).toBeCloseTo(
      pearson(Array.from(averageRanks(a)), Array.from(averageRanks(b))),
      12,
    );
  });

  it('quantiles interpolate like numpy', () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });

  it('top-10 % share: 0.1 for equal norms, the top sample’s share when one dominates', () => {
    const margins = new Float32Array(20).fill(1);
    expect(gradientSummary(new Float32Array(20).fill(2), margins).top10Share).toBeCloseTo(0.1, 6);
    const norms = new Float32Array(20).fill(1);
    norms[3] = 81;
    norms[7] = 19;
    // The top ⌈20/10⌉ = 2 samples carry (81 + 19) / (100 + 18).
    expect(gradientSummary(norms, margins).top10Share).toBeCloseTo(100 / 118, 6);
  });

  it('large norms on misclassified samples give a positive ρ with wrong and a negative one with the margin', () => {
    const margins = Float32Array.from([2, 1.5, 1, 0.5, -0.5, -1]);
    const norms = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    const s = gradientSummary(norms, margins);
    expect(s.spearmanMargin).toBeCloseTo(-1, 12);
    expect(s.spearmanWrong).toBeGreaterThan(0.8);
    expect(gradientSummary(norms.slice().reverse(), margins).spearmanWrong).toBeLessThan(-0.8);
    expect(() => gradientSummary(norms, margins.subarray(1))).toThrow(
      'gradient-summary: needs as many margins (5) as norms (6)',
    );
  });
});
