import { describe, expect, it } from 'vitest';
import { classDisplacement } from './class-displacement.ts';
import { meanDisplacement } from './displacement.ts';

describe('classDisplacement', () => {
  const labels = [0, 0, 1, 1];
  const prev = Float32Array.from([0, 0, 1, 0, 5, 5, 6, 5]);

  it('is the centroid shift averaged over classes', () => {
    // Class 0 moves by (3, 4), class 1 stays: (5 + 0) / 2.
    const curr = Float32Array.from([3, 4, 4, 4, 5, 5, 6, 5]);
    expect(classDisplacement(prev, curr, 4, labels)).toBeCloseTo(2.5, 6);
  });

  it('is 0 when nodes only swap places within their class, though each node moved', () => {
    const curr = Float32Array.from([1, 0, 0, 0, 6, 5, 5, 5]);
    expect(meanDisplacement(prev, curr, 4)).toBe(1);
    expect(classDisplacement(prev, curr, 4, labels)).toBe(0);
  });

  it('names a bad argument', () => {
    expect(() => classDisplacement(prev, prev, 4, [0, 1])).toThrow(
      'classDisplacement: labels length (2) must equal n (4)',
    );
  });
});
