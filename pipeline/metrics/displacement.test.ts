import { describe, expect, it } from 'vitest';
import { meanDisplacement } from './displacement.ts';
import { randomPoints } from './test-data.ts';

describe('meanDisplacement', () => {
  it('is the length of a known shift', () => {
    // Integer coordinates keep the shifted copy exact in float32; (3, 4) has length 5.
    const prev = randomPoints(50, 2, 1).map((v) => Math.round(v * 100));
    const curr = prev.map((v, p) => v + (p % 2 === 0 ? 3 : 4));
    expect(meanDisplacement(prev, curr, 50)).toBe(5);
    expect(meanDisplacement(prev, prev, 50)).toBe(0);
  });

  it('averages over all nodes, moved or not', () => {
    // Node 0 moves by (0, 2), node 1 stays, node 2 moves by (-6, 8): (2 + 0 + 10) / 3 = 4.
    const prev = new Float32Array([0, 0, 1, 1, 5, 5]);
    const curr = new Float32Array([0, 2, 1, 1, -1, 13]);
    expect(meanDisplacement(prev, curr, 3)).toBe(4);
  });

  it('names the bad argument', () => {
    expect(() => meanDisplacement(new Float32Array(6), new Float32Array(4), 3)).toThrow(
      'displacement: curr length (4) must equal n*2 (6)',
    );
    expect(() => meanDisplacement(new Float32Array(0), new Float32Array(0), 0)).toThrow(
      'displacement: n (0) must be a positive integer',
    );
  });
});
