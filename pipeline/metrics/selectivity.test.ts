import { describe, expect, it } from 'vitest';
import { meanSelectivity, unitSelectivity } from './selectivity.ts';

describe('unitSelectivity', () => {
  // 6 samples of 3 classes (2 each) × 4 units.
  const labels = [0, 0, 1, 1, 2, 2];
  // prettier-ignore
  const activations = new Float32Array([
    // unit 0 fires for class 1 only; unit 1 equally for all; unit 2 dead; unit 3 mixed.
    0, 2, 0, 1,
    0, 2, 0, 3,
    5, 2, 0, 0,
    3, 2, 0, 2,
    0, 2, -0, 0,
    0, 2, 0, 0,
  ]);
  const s = unitSelectivity(activations, 6, 4, labels, 3);

  it('is 1 for a unit that fires for one class only, 0 for one that fires equally for all', () => {
    expect(s.selectivity[0]).toBe(1);
    expect(s.dominant[0]).toBe(1);
    expect(s.selectivity[1]).toBe(0);
    expect(s.dead[0]).toBe(0);
    expect(s.dead[1]).toBe(0);
  });

  it('marks dead units and matches the closed form for a mixed unit', () => {
    expect(s.dead[2]).toBe(1);
    expect(s.dominant[2]).toBe(-1);
    expect(s.selectivity[2]).toBe(0);
    // Unit 3: class means 2, 1, 0 → (2 − 0.5) / (2 + 0.5) = 0.6.
    expect(s.dominant[3]).toBe(0);
    expect(s.selectivity[3]).toBeCloseTo(0.6, 6);
    // Mean over the live units 0, 1, 3.
    expect(meanSelectivity(s)).toBeCloseTo((1 + 0 + 0.6) / 3, 6);
  });

  it('names bad input', () => {
    expect(() => unitSelectivity(new Float32Array([-1, 1]), 2, 1, [0, 1], 2)).toThrow(
      'unitSelectivity: activation (0, 0) = -1 is negative',
    );
    expect(() => unitSelectivity(new Float32Array(2), 2, 1, [0, 0], 2)).toThrow(
      'at least two classes',
    );
    expect(() => unitSelectivity(new Float32Array(2), 2, 1, [0, 5], 2)).toThrow(
      'labels[1] (5) is outside 0 … 1',
    );
  });
});
