import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random.ts';
import {
  circles,
  gaussians,
  moons,
  spiral,
  xor,
  type PointSet,
  type SyntheticOptions,
} from './synthetic.ts';

const GENERATORS: [string, (o: SyntheticOptions) => PointSet, number][] = [
  ['spiral', spiral, 2],
  ['moons', moons, 2],
  ['circles', circles, 2],
  ['xor', xor, 2],
  ['gaussians', gaussians, 3],
];

describe.each(GENERATORS)('%s', (_name, generate, classes) => {
  it('has the requested shape and balanced labels', () => {
    const set = generate({ n: 301, random: createRandom(1) });
    expect(set.n).toBe(301);
    expect(set.dim).toBe(2);
    expect(set.inputs.length).toBe(602);
    const counts = new Array<number>(classes).fill(0);
    for (const label of set.labels) counts[label]++;
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(301);
  });

  it('stays in [-1, 1]² without noise (gaussians: within 4σ) and is finite with noise', () => {
    const clean = generate({ n: 500, noise: 0, random: createRandom(2) });
    const bound = _name === 'gaussians' ? 0.6 + 4 * 0.12 : 1;
    for (const v of clean.inputs) expect(Math.abs(v)).toBeLessThanOrEqual(bound + 1e-6);
    const noisy = generate({ n: 500, noise: 0.1, random: createRandom(2) });
    for (const v of noisy.inputs) expect(Number.isFinite(v) && Math.abs(v) < 2).toBe(true);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = generate({ n: 200, noise: 0.05, random: createRandom(9) });
    const b = generate({ n: 200, noise: 0.05, random: createRandom(9) });
    const c = generate({ n: 200, noise: 0.05, random: createRandom(10) });
    expect(Buffer.from(a.inputs.buffer).equals(Buffer.from(b.inputs.buffer))).toBe(true);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Buffer.from(a.inputs.buffer).equals(Buffer.from(c.inputs.buffer))).toBe(false);
  });
});

describe('class structure', () => {
  const meanOf = (set: PointSet, c: number): [number, number] => {
    let x = 0;
    let y = 0;
    let k = 0;
    for (let i = 0; i < set.n; i++) {
      if (set.labels[i] !== c) continue;
      x += set.inputs[2 * i];
      y += set.inputs[2 * i + 1];
      k++;
    }
    return [x / k, y / k];
  };

  it('circles: the disc lies inside the ring', () => {
    const set = circles({ n: 400, noise: 0, random: createRandom(3) });
    for (let i = 0; i < set.n; i++) {
      const r = Math.hypot(set.inputs[2 * i], set.inputs[2 * i + 1]);
      expect(set.labels[i] === 0 ? r <= 0.5 : r >= 0.7).toBe(true);
    }
  });

  it('xor: the label is the sign of x·y', () => {
    const set = xor({ n: 400, noise: 0, random: createRandom(3) });
    for (let i = 0; i < set.n; i++) {
      const product = set.inputs[2 * i] * set.inputs[2 * i + 1];
      expect(set.labels[i]).toBe(product > 0 ? 0 : 1);
    }
  });

  it('spiral has 3 arms on request, and moons have separated means', () => {
    const three = spiral({ n: 300, classes: 3, random: createRandom(4) });
    expect(new Set(three.labels).size).toBe(3);
    const m = moons({ n: 400, noise: 0, random: createRandom(4) });
    const [a, b] = [meanOf(m, 0), meanOf(m, 1)];
    expect(a[1]).toBeGreaterThan(b[1]);
    expect(a[0]).toBeLessThan(b[0]);
  });

  it('rejects bad options with the generator and value named', () => {
    expect(() => moons({ classes: 3 })).toThrow(
      'synthetic: moons classes must be exactly 2, got 3',
    );
    expect(() => spiral({ classes: 11 })).toThrow(
      'synthetic: spiral classes must be an integer in 2 … 10, got 11',
    );
    expect(() => xor({ n: 1 })).toThrow(
      'synthetic: xor needs an integer n ≥ 2 (one point per class), got 1',
    );
    expect(() => circles({ noise: -1 })).toThrow(
      'synthetic: circles noise must be a finite number ≥ 0, got -1',
    );
  });
});
