import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom, gaussian } from '../util/random.ts';
import {
  meanAbsCosine,
  pcaAlignment,
  principalDirections,
  randomPcaAlignment,
} from './pca-alignment.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** n points in `dim` dimensions with standard deviation `scales[d]` along a random rotation's axis d. */
function rotatedGaussian(n: number, scales: number[], seed: number) {
  const dim = scales.length;
  const random = createRandom(seed);
  const basis = Float64Array.from({ length: dim * dim }, () => gaussian(random));
  // Gram–Schmidt: the rows of `basis` become the true principal axes.
  for (let a = 0; a < dim; a++) {
    for (let b = 0; b < a; b++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += basis[a * dim + d] * basis[b * dim + d];
      for (let d = 0; d < dim; d++) basis[a * dim + d] -= dot * basis[b * dim + d];
    }
    const norm = Math.hypot(...basis.subarray(a * dim, (a + 1) * dim));
    for (let d = 0; d < dim; d++) basis[a * dim + d] /= norm;
  }
  const points = new Float32Array(n * dim);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < dim; a++) {
      const t = gaussian(random) * scales[a];
      for (let d = 0; d < dim; d++)
        points[i * dim + d] += t * basis[a * dim + d] + (d === 0 ? 0.3 : 0) / dim;
    }
  return { points, basis };
}

describe('principalDirections', () => {
  it('matches a full eigendecomposition of the sample covariance, leading direction first', () => {
    const scales = [6, 5, 4, 3, 2.5, 2, 1, 0.5, 0.3, 0.2, 0.1, 0.05];
    const dim = scales.length;
    const n = 3000;
    const { points } = rotatedGaussian(n, scales, 3);
    const k = 4;
    const { directions, variances } = principalDirections(points, n, dim, k);
    // Naive reference: the covariance in float64, every eigenpair by ml-matrix.
    const mean = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += points[i * dim + d] / n;
    const c = Matrix.zeros(dim, dim);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < dim; a++)
        for (let b = 0; b < dim; b++)
          c.set(
            a,
            b,
            c.get(a, b) + ((points[i * dim + a] - mean[a]) * (points[i * dim + b] - mean[b])) / n,
          );
    const evd = new EigenvalueDecomposition(c, { assumeSymmetric: true });
    const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
    for (let a = 0; a < k; a++) {
      const [value, col] = order[a];
      expect(variances[a] / value).toBeCloseTo(1, 3);
      let dot = 0;
      for (let d = 0; d < dim; d++)
        dot += directions[a * dim + d] * evd.eigenvectorMatrix.get(d, col);
      expect(Math.abs(dot)).toBeGreaterThan(0.9999);
    }
  });

  it('names the module and the value on bad input', () => {
    expect(() => principalDirections(new Float32Array(5), 2, 3, 1)).toThrow(
      /pca-alignment: points length \(5\)/,
    );
    expect(() => principalDirections(new Float32Array(6), 2, 3, 4)).toThrow(
      /pca-alignment: k \(4\)/,
    );
  });
});

describe('pcaAlignment', () => {
  const scales = [5, 4, 3, 2, 1, 0.5, 0.25, 0.1];
  const dim = scales.length;
  const { points, basis } = rotatedGaussian(2000, scales, 5);

  it('gives 1 for columns that are the principal directions (any scale and sign), 0 for columns orthogonal to them', () => {
    const k = 3;
    const { directions } = principalDirections(points, 2000, dim, k);
    const along = new Float32Array(2 * k * dim);
    for (let c = 0; c < 2 * k; c++)
      for (let d = 0; d < dim; d++)
        along[c * dim + d] = (c % 2 ? -2.5 : 0.7) * directions[(c % k) * dim + d];
    const aligned = pcaAlignment(along, directions, dim);
    expect(aligned.maxCosine).toBeCloseTo(1, 5);
    expect(aligned.subspaceShare).toBeCloseTo(1, 5);
    // The true axes 5 … 7 are orthogonal to the top three (up to sampling error).
    const across = Float32Array.from(basis.subarray(5 * dim, 8 * dim));
    const orthogonal = pcaAlignment(across, directions, dim);
    expect(orthogonal.maxCosine).toBeLessThan(0.05);
    expect(orthogonal.subspaceShare).toBeLessThan(0.005);
    // Zero columns are skipped; no usable column at all gives −1.
    expect(pcaAlignment(new Float32Array(dim), directions, dim)).toEqual({
      maxCosine: -1,
      subspaceShare: -1,
    });
  });

  it('gives the analytic chance level for directions drawn at random', () => {
    expect(meanAbsCosine(1)).toBeCloseTo(1, 12);
    expect(meanAbsCosine(2)).toBeCloseTo(2 / Math.PI, 12);
    expect(meanAbsCosine(3)).toBeCloseTo(0.5, 12);
    expect(meanAbsCosine(784)).toBeCloseTo(Math.sqrt(2 / (Math.PI * 784)), 4);
    const dim = 50;
    const k = 5;
    const axes = new Float32Array(k * dim);
    for (let a = 0; a < k; a++) axes[a * dim + a] = 1;
    const samples = 20000;
    const one = randomPcaAlignment(axes.subarray(0, dim), dim, samples, createRandom(11));
    // Standard error of |cos| ≈ √(1/dim − E²)/√samples ≈ 6e-4.
    expect(Math.abs(one.maxCosine - meanAbsCosine(dim))).toBeLessThan(0.003);
    expect(Math.abs(one.subspaceShare - 1 / dim)).toBeLessThan(0.002);
    const five = randomPcaAlignment(axes, dim, samples, createRandom(12));
    expect(Math.abs(five.subspaceShare - k / dim)).toBeLessThan(0.003);
    expect(five.maxCosine).toBeGreaterThan(one.maxCosine);
  });
});
