import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { pcaProjection } from './pca.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('pcaProjection', () => {
  it('recovers the two directions of largest variance, leading axis first', () => {
    const random = createRandom(1);
    const n = 500;
    const dim = 6;
    // Variance 25 along axis 3, 4 along axis 0, 0.01 elsewhere.
    const points = Float32Array.from({ length: n * dim }, (_, e) => {
      const d = e % dim;
      return gaussian(random) * (d === 3 ? 5 : d === 0 ? 2 : 0.1) + 7;
    });
    const out = pcaProjection(points, n, dim);
    const mean = (d: number) =>
      points.filter((_, e) => e % dim === d).reduce((a, b) => a + b, 0) / n;
    const [m0, m3] = [mean(0), mean(3)];
    for (let i = 0; i < n; i += 50) {
      const row = points.subarray(i * dim, (i + 1) * dim);
      // The other axes (σ 0.1) leak in through a slightly tilted estimate: a few tenths at most.
      expect(Math.abs(Math.abs(out[2 * i]) - Math.abs(row[3] - m3))).toBeLessThan(0.3);
      expect(Math.abs(Math.abs(out[2 * i + 1]) - Math.abs(row[0] - m0))).toBeLessThan(0.3);
    }
  });

  it('gives zeros for constant data and is deterministic', () => {
    expect(Array.from(pcaProjection(new Float32Array(30).fill(2), 10, 3))).toEqual(
      new Array(20).fill(0),
    );
    const points = Float32Array.from({ length: 200 }, (_, e) => Math.sin(e * 1.3));
    expect(pcaProjection(points, 50, 4)).toEqual(pcaProjection(points, 50, 4));
  });

  it('projects 1-D data onto one axis', () => {
    const points = Float32Array.from({ length: 20 }, (_, i) => i);
    const out = pcaProjection(points, 20, 1);
    expect(Math.abs(out[2 * 19] - out[0])).toBeCloseTo(19, 4);
    expect(out.filter((_, e) => e % 2 === 1).every((v) => v === 0)).toBe(true);
  });
});
