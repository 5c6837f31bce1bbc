import { describe, expect, it } from 'vitest';
import { latentAxes } from './views.ts';

describe('latentAxes', () => {
  it('picks the two most variable dimensions and fits them into the box', () => {
    // 3 samples × 3 dims; dim 2 varies most, then dim 0.
    const mu = Float32Array.from([1, 0, -4, -2, 0.1, 0, 0, 0, 2]);
    const { positions, dims } = latentAxes(mu, 3, [1.6, 0.002, 6.2]);
    expect(dims).toEqual([2, 0]);
    expect(Array.from(positions)).toEqual([-1, 0.25, 0, -0.5, 0.5, 0]);
  });
});
