import { describe, expect, it } from 'vitest';
import { knnFromData } from '../graph/knn.ts';
import { knnGraph } from '../graph/knn-graph.ts';
import { layoutFidelity } from '../metrics/fidelity.ts';
import { clusteredPoints } from '../metrics/test-data.ts';
import { createRandom, gaussian, nextUint32, uint32State } from '../util/random.ts';
import { fuzzyRefine } from './fuzzy-refine.ts';

describe('fuzzyRefine', () => {
  const n = 300;
  const dim = 8;
  const { data, labels } = clusteredPoints(n, dim, 3, 6, 5);
  const graph = knnGraph(knnFromData(data, n, dim, { k: 10 }));
  const random = createRandom(9);
  const start = Float32Array.from({ length: 2 * n }, () => 5 * gaussian(random));

  it('turns a random start into a faithful layout whose classes separate, deterministically', () => {
    const run = () => fuzzyRefine(graph, start, { epochs: 200, random: createRandom(3) });
    const out = run();
    expect(out.every(Number.isFinite)).toBe(true);
    expect(Buffer.from(run().buffer).equals(Buffer.from(out.buffer))).toBe(true);
    const before = layoutFidelity(data, dim, start, labels, 10);
    const after = layoutFidelity(data, dim, out, labels, 10);
    expect(before.neighborhood_hit).toBeLessThan(0.5);
    expect(after.neighborhood_hit).toBeGreaterThan(0.97);
    expect(after.trustworthiness).toBeGreaterThan(before.trustworthiness + 0.2);
  });

  it('never moves a node whose rate is 0, and moves the others', () => {
    const rates = Float32Array.from({ length: n }, (_, i) => (i % 2 ? 1 : 0));
    const out = fuzzyRefine(graph, start, { epochs: 20, rates, random: createRandom(3) });
    for (let i = 0; i < n; i += 2) {
      expect(out[2 * i]).toBe(start[2 * i]);
      expect(out[2 * i + 1]).toBe(start[2 * i + 1]);
    }
    let moved = 0;
    for (let i = 1; i < n; i += 2) if (out[2 * i] !== start[2 * i]) moved++;
    expect(moved).toBeGreaterThan(0.9 * (n / 2));
  });

  it('steps along the gradients of 1 / (1 + a·d^(2b)) with b = 3/4, as Math.pow gives them', () => {
    // Two nodes 2 apart, one edge (stored both ways), one negative per sample, drawn from the
    // uint32 stream seeded from `random` (a negative that is the node itself is skipped).
    const pair = {
      n: 2,
      rowPtr: Int32Array.of(0, 1, 2),
      colIdx: Int32Array.of(1, 0),
      weights: Float32Array.of(1, 1),
    };
    const a = 1.929;
    const b = 0.75;
    const clip = (v: number): number => Math.max(-4, Math.min(4, v));
    const attract = (dx: number): number => {
      const d2 = dx * dx;
      return clip(((-2 * a * b * Math.pow(d2, b - 1)) / (a * Math.pow(d2, b) + 1)) * dx);
    };
    const repel = (dx: number): number => {
      const d2 = dx * dx;
      return clip(((2 * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1))) * dx);
    };
    const stream = uint32State(() => 0.75);
    const x = [0, 2];
    for (const [i, j] of [
      [0, 1],
      [1, 0],
    ]) {
      const g = attract(x[i] - x[j]);
      x[i] += g;
      x[j] -= g;
      if (Math.floor((nextUint32(stream) * 2) / 2 ** 32) === j) x[i] += repel(x[i] - x[j]);
    }
    const out = fuzzyRefine(pair, Float32Array.of(0, 0, 2, 0), {
      epochs: 1,
      negativeSampleRate: 1,
      random: () => 0.75,
    });
    expect(out[0]).toBeCloseTo(x[0], 6);
    expect(out[2]).toBeCloseTo(x[1], 6);
    expect([out[1], out[3]]).toEqual([0, 0]);
  });

  it('returns a copy for 0 epochs and names bad options', () => {
    expect(Array.from(fuzzyRefine(graph, start, { epochs: 0 }))).toEqual(Array.from(start));
    expect(() => fuzzyRefine(graph, start.subarray(2))).toThrow(/initial length/);
    expect(() => fuzzyRefine(graph, start, { epochs: -1 })).toThrow(/epochs \(-1\)/);
    expect(() => fuzzyRefine(graph, start, { rates: new Float32Array(3) })).toThrow(/rates length/);
  });
});
