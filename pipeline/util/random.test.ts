import { describe, expect, it } from 'vitest';
import { createRandom, nextUint32, randomFromState, randomState, uint32State } from './random.ts';

describe('uint32State / nextUint32', () => {
  const draw = (seed: number, count: number): number[] => {
    const state = uint32State(createRandom(seed));
    return Array.from({ length: count }, () => nextUint32(state));
  };

  it('gives the same integers in [0, 2³²) for the same seed, other ones for another', () => {
    const a = draw(5, 1000);
    expect(draw(5, 1000)).toEqual(a);
    expect(a.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true);
    expect(draw(6, 1000)).not.toEqual(a);
  });

  it('spreads indices (nextUint32 · n / 2³², floored) evenly over n', () => {
    const n = 10;
    const counts = new Array<number>(n).fill(0);
    const state = uint32State(createRandom(1));
    const draws = 100_000;
    for (let s = 0; s < draws; s++) counts[Math.floor((nextUint32(state) * n) / 2 ** 32)]++;
    // χ² with 9 degrees of freedom: 27.9 is its 0.1 % tail.
    const chi2 = counts.reduce((sum, c) => sum + (c - draws / n) ** 2 / (draws / n), 0);
    expect(chi2).toBeLessThan(27.9);
  });
});

describe('randomState / randomFromState', () => {
  it('draws createRandom’s stream, and leaves it in the state for nextUint32 to continue', () => {
    const reference = createRandom(9);
    const expected = Array.from({ length: 20 }, reference);
    const state = randomState(9);
    const random = randomFromState(state);
    expect(Array.from({ length: 10 }, random)).toEqual(expected.slice(0, 10));
    expect(Array.from({ length: 10 }, () => nextUint32(state) / 4294967296)).toEqual(
      expected.slice(10),
    );
    // sfc32's first draw for seed 9, as createRandom drew it before randomState existed.
    expect(expected[0]).toBe(0.12164274812676013);
  });
});
