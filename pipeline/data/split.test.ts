import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random.ts';
import { balancedSubset, stratifiedSplit } from './split.ts';

/** 3 classes with 50, 40 and 30 samples, interleaved. */
function labels(): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < 50; i++) out.push(0);
  for (let i = 0; i < 40; i++) out.push(1);
  for (let i = 0; i < 30; i++) out.push(2);
  // Interleave deterministically so classes are not contiguous.
  return Uint8Array.from(out.map((_, i) => out[(i * 7) % out.length]));
}

const countByClass = (indices: Int32Array, y: Uint8Array): number[] => {
  const counts = [0, 0, 0];
  for (const i of indices) counts[y[i]]++;
  return counts;
};

describe('stratifiedSplit', () => {
  const y = labels();

  it('takes testPerClass from every class, keeps the rest for training, disjoint and ascending', () => {
    const { train, test } = stratifiedSplit(y, { testPerClass: 10, random: createRandom(1) });
    expect(countByClass(test, y)).toEqual([10, 10, 10]);
    expect(countByClass(train, y)).toEqual([40, 30, 20]);
    const all = new Set([...train, ...test]);
    expect(all.size).toBe(y.length);
    for (let i = 1; i < train.length; i++) expect(train[i]).toBeGreaterThan(train[i - 1]);
    for (let i = 1; i < test.length; i++) expect(test[i]).toBeGreaterThan(test[i - 1]);
  });

  it('limits training samples per class when asked', () => {
    const { train, test } = stratifiedSplit(y, {
      testPerClass: 5,
      trainPerClass: 20,
      random: createRandom(1),
    });
    expect(countByClass(train, y)).toEqual([20, 20, 20]);
    expect(countByClass(test, y)).toEqual([5, 5, 5]);
    expect(train.some((i) => test.includes(i))).toBe(false);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = stratifiedSplit(y, { testPerClass: 10, random: createRandom(7) });
    const b = stratifiedSplit(y, { testPerClass: 10, random: createRandom(7) });
    const c = stratifiedSplit(y, { testPerClass: 10, random: createRandom(8) });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it('names the class that is too small, and a missing class', () => {
    expect(() => stratifiedSplit(y, { testPerClass: 30 })).toThrow(
      'split: class 2 has 30 samples, fewer than testPerClass + 1 (30 + 1)',
    );
    expect(() => stratifiedSplit(y, { testPerClass: 5, trainPerClass: 40 })).toThrow(
      'split: class 1 has 40 samples, fewer than testPerClass + trainPerClass (5 + 40)',
    );
    expect(() => stratifiedSplit(y, { testPerClass: 5, classes: 4 })).toThrow(
      'class 3 has 0 samples',
    );
    expect(() => stratifiedSplit(y, { testPerClass: 5, classes: 2 })).toThrow(
      'label 2 is out of range for 2 classes',
    );
    expect(() => stratifiedSplit(y, { testPerClass: 1.5 })).toThrow(
      'testPerClass must be an integer ≥ 0, got 1.5',
    );
  });
});

describe('balancedSubset', () => {
  const y = labels();
  const { train } = stratifiedSplit(y, { testPerClass: 10, random: createRandom(3) });

  it('draws perClass from the given indices, class-major and ascending within a class', () => {
    const trace = balancedSubset(train, y, { perClass: 15, random: createRandom(4) });
    expect(trace.length).toBe(45);
    for (let c = 0; c < 3; c++) {
      const block = trace.subarray(c * 15, (c + 1) * 15);
      for (const i of block) expect(y[i]).toBe(c);
      for (let i = 1; i < block.length; i++) expect(block[i]).toBeGreaterThan(block[i - 1]);
    }
    const pool = new Set(train);
    expect(Array.from(trace).every((i) => pool.has(i))).toBe(true);
    expect(new Set(trace).size).toBe(45);
  });

  it('is deterministic per seed', () => {
    const a = balancedSubset(train, y, { perClass: 15, random: createRandom(4) });
    const b = balancedSubset(train, y, { perClass: 15, random: createRandom(4) });
    const c = balancedSubset(train, y, { perClass: 15, random: createRandom(5) });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('names the class with too few samples', () => {
    expect(() => balancedSubset(train, y, { perClass: 21 })).toThrow(
      'split: class 2 has 20 samples, fewer than perClass (21)',
    );
  });
});
