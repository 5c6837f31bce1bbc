import { describe, expect, it } from 'vitest';
import { createRandom, gaussian } from '../util/random.ts';
import { applyTransform, fitToBox, procrustes, type SimilarityTransform } from './align.ts';

function randomPoints(n: number, seed: number, spread = 1): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: 2 * n }, () => gaussian(random) * spread);
}

function rmsd(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let e = 0; e < a.length; e++) s += (a[e] - b[e]) ** 2;
  return Math.sqrt(s / (a.length / 2));
}

const known = (
  angle: number,
  scale: number,
  t: [number, number],
  reflect = false,
): SimilarityTransform => {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return { matrix: reflect ? [c, s, s, -c] : [c, -s, s, c], scale, translation: t, rmsd: 0 };
};

describe('procrustes', () => {
  const n = 100;
  const source = randomPoints(n, 1);

  it('recovers a known rotation, scale and shift', () => {
    const target = applyTransform(source, n, known(0.7, 2.5, [3, -1]));
    const fit = procrustes(source, target, n);
    expect(fit.matrix.map((v) => v.toFixed(5))).toEqual(
      known(0.7, 1, [0, 0]).matrix.map((v) => v.toFixed(5)),
    );
    expect(fit.scale).toBeCloseTo(2.5, 5);
    expect(fit.translation[0]).toBeCloseTo(3, 5);
    expect(fit.translation[1]).toBeCloseTo(-1, 5);
    expect(fit.rmsd).toBeLessThan(1e-5);
    expect(rmsd(applyTransform(source, n, fit), target)).toBeLessThan(1e-5);
  });

  it('recovers a reflection, and falls back to the best rotation when reflections are off', () => {
    const target = applyTransform(source, n, known(-2, 0.5, [0.2, 0.1], true));
    const fit = procrustes(source, target, n);
    const [a, b, c, d] = fit.matrix;
    expect(a * d - b * c).toBeCloseTo(-1, 10);
    expect(fit.scale).toBeCloseTo(0.5, 5);
    expect(rmsd(applyTransform(source, n, fit), target)).toBeLessThan(1e-5);
    const rotation = procrustes(source, target, n, { allowReflection: false });
    const [p, q, r, s] = rotation.matrix;
    expect(p * s - q * r).toBeCloseTo(1, 10);
    expect(rotation.rmsd).toBeGreaterThan(0.1);
  });

  it('is optimal on noisy data: perturbing angle, scale or shift never fits better', () => {
    const noise = randomPoints(n, 2, 0.3);
    const target = applyTransform(source, n, known(1.1, 1.7, [-2, 4])).map((v, e) => v + noise[e]);
    const fit = procrustes(source, target, n);
    const best = rmsd(applyTransform(source, n, fit), target);
    expect(fit.rmsd).toBeCloseTo(best, 5);
    const angle = Math.atan2(fit.matrix[2], fit.matrix[0]);
    for (const [da, ds, dt] of [
      [0.02, 0, 0],
      [-0.02, 0, 0],
      [0, 0.02, 0],
      [0, -0.02, 0],
      [0, 0, 0.02],
    ]) {
      const t: [number, number] = [fit.translation[0] + dt, fit.translation[1]];
      const other = known(angle + da, fit.scale + ds, t);
      expect(rmsd(applyTransform(source, n, other), target)).toBeGreaterThan(best);
    }
  });

  it('keeps scale 1 when asked and handles a degenerate source', () => {
    const target = applyTransform(source, n, known(0.3, 4, [1, 1]));
    expect(procrustes(source, target, n, { allowScale: false }).scale).toBe(1);
    const point = new Float32Array(2 * n).fill(5);
    const fit = procrustes(point, target, n);
    expect(fit.scale).toBe(1);
    expect(fit.matrix).toEqual([1, 0, 0, 1]);
  });

  it('rejects mismatched lengths', () => {
    expect(() => procrustes(new Float32Array(4), new Float32Array(6), 2)).toThrow(
      'align: source (4) and target (6)',
    );
  });
});

describe('fitToBox', () => {
  it('keeps every point of a heavy-tailed cloud in the box and fills it', () => {
    const n = 1000;
    const random = createRandom(3);
    // Cauchy-like tails: a few points are 100× farther out than the rest.
    const points = Float32Array.from(
      { length: 2 * n },
      () => gaussian(random) / Math.max(0.01, Math.abs(gaussian(random))),
    );
    for (const box of [1, 3]) {
      const fitted = fitToBox(points, n, { box });
      expect(fitted.every((v) => Math.abs(v) <= box)).toBe(true);
      const radius = Array.from({ length: n }, (_, i) =>
        Math.max(Math.abs(fitted[2 * i]), Math.abs(fitted[2 * i + 1])),
      );
      const onBorder = radius.filter((r) => r >= box * 0.9999).length;
      expect(onBorder).toBeGreaterThanOrEqual(10); // the top 1% sits on the border
      expect(onBorder).toBeLessThan(30);
      expect(radius.filter((r) => r > box * 0.1).length).toBeGreaterThan(50); // not crushed by outliers
    }
  });

  it('centres and scales uniformly (aspect kept) on a small golden', () => {
    const fitted = fitToBox(Float32Array.from([1, 1, 3, 1, 3, 5, 1, 5]), 4, { quantile: 1 });
    expect(Array.from(fitted)).toEqual([-0.5, -1, 0.5, -1, 0.5, 1, -0.5, 1]);
  });

  it('maps coincident points to the centre and validates options', () => {
    expect(Array.from(fitToBox(new Float32Array(6).fill(7), 3))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => fitToBox(new Float32Array(4), 2, { box: 0 })).toThrow(
      'align: box (0) must be > 0',
    );
    expect(() => fitToBox(new Float32Array(4), 2, { quantile: 0 })).toThrow(
      'align: quantile (0) must be in (0, 1]',
    );
  });
});
