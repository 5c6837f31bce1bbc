import { describe, expect, it } from 'vitest';
import { deadUnits } from './dead-units.ts';

describe('deadUnits', () => {
  it('counts the columns that are 0 in every row', () => {
    // 3 rows × 5 units: unit 1 is all 0, unit 3 is 0 and -0, unit 4 fires only in the last row.
    // prettier-ignore
    const activations = new Float32Array([
      0.5, 0, 2, 0, 0,
      0.1, 0, 0, -0, 0,
      0, 0, 1, 0, 1e-30,
    ]);
    expect(deadUnits(activations, 3, 5)).toBe(2);
    expect(deadUnits(new Float32Array(12), 3, 4)).toBe(4);
    expect(deadUnits(new Float32Array(12).fill(1), 3, 4)).toBe(0);
  });

  it('names the bad argument', () => {
    expect(() => deadUnits(new Float32Array(10), 3, 4)).toThrow(
      'deadUnits: activations length (10) must equal n*dim (12)',
    );
    expect(() => deadUnits(new Float32Array(10), 5, -2)).toThrow('deadUnits: dim (-2)');
  });
});
