import { describe, expect, it } from 'vitest';
import { classHits, peakBand, plateauText, regionStats } from './facts.ts';

describe('classHits', () => {
  it('is 1 for classes far apart and near the share of a class for a random mix', () => {
    const n = 200;
    const labels = Int8Array.from({ length: n }, (_, i) => i % 2);
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const apart = Float32Array.from({ length: 2 * n }, (_, k) =>
      k % 2 === 0 ? (labels[k >> 1] ? 10 : -10) + random() : random(),
    );
    const separated = classHits(apart, labels, 2);
    expect(separated.perClass).toEqual([1, 1]);
    const mixed = classHits(Float32Array.from({ length: 2 * n }, random), labels, 2);
    for (const hit of mixed.perClass) expect(Math.abs(hit - 0.5)).toBeLessThan(0.1);
    expect(mixed.perNode.length).toBe(n);
  });
});

describe('regionStats', () => {
  it('gives the share of the most common predicted class and the highest confidence', () => {
    expect(regionStats([1, 1, 0, 1], [128, 200, 255, 130])).toEqual({
      majorityShare: 0.75,
      maxConfidence: 1,
    });
    expect(regionStats([2, 0], [51, 102])).toEqual({ majorityShare: 0.5, maxConfidence: 0.4 });
  });
});

describe('plateauText', () => {
  it('names every epoch within the band of the peak, as a range when contiguous', () => {
    const epochs = [0, 1, 2, 3, 4, 5, 6];
    expect(plateauText([0.1, 0.888, 0.899, 0.887, 0.892, 0.86, 0.85], epochs, 0.013)).toBe('1–4');
    expect(plateauText([0.1, 0.888, 0.899, 0.85, 0.892, 0.86, 0.85], epochs, 0.013)).toBe(
      '1, 2 and 4',
    );
    // Two standard errors of 90 % on 2,000 samples: 1.34 points.
    expect(peakBand(0.9, 2000)).toBeCloseTo(0.0134, 4);
    expect(peakBand(0.9, 0)).toBe(0);
  });
});
