import { describe, expect, it } from 'vitest';
import { knnFromData } from '../graph/knn.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { conditionalAffinities, perplexityAffinities } from './affinities.ts';

function cloud(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: n * dim }, () => gaussian(random));
}

describe('perplexityAffinities', () => {
  const n = 120;
  const dim = 5;
  const data = cloud(n, dim, 3);
  const neighbors = knnFromData(data, n, dim, { k: 30 });

  it('is symmetric, positive and sums to 1', () => {
    const p = perplexityAffinities(neighbors, { perplexity: 10 });
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let e = p.rowPtr[i]; e < p.rowPtr[i + 1]; e++) {
        const j = p.colIdx[e];
        expect(p.weights[e]).toBeGreaterThan(0);
        const back = p.colIdx.subarray(p.rowPtr[j], p.rowPtr[j + 1]).indexOf(i);
        expect(p.weights[p.rowPtr[j] + back]).toBe(p.weights[e]);
        total += p.weights[e];
      }
    expect(total).toBeCloseTo(1, 5);
  });

  it('gives each conditional distribution the asked perplexity, as an independent bisection does', () => {
    const perplexity = 8;
    const { k, distances } = neighbors;
    const conditional = conditionalAffinities(neighbors, perplexity);
    for (const i of [0, 17, 99]) {
      const row = Array.from(conditional.subarray(i * k, (i + 1) * k));
      const h = -row.reduce((a, q) => a + (q > 0 ? q * Math.log(q) : 0), 0);
      expect(Math.exp(h)).toBeCloseTo(perplexity, 4);
      // Reference: geometric bisection on β, written independently.
      const d2 = Array.from(distances.subarray(i * k, (i + 1) * k), (d) => d * d);
      let lo = 1e-8;
      let hi = 1e8;
      let p: number[] = [];
      for (let it = 0; it < 300; it++) {
        const beta = Math.sqrt(lo * hi);
        const w = d2.map((v) => Math.exp(-beta * (v - d2[0])));
        const s = w.reduce((a, b) => a + b, 0);
        p = w.map((v) => v / s);
        const entropy = -p.reduce((a, q) => a + (q > 0 ? q * Math.log(q) : 0), 0);
        if (entropy > Math.log(perplexity)) lo = beta;
        else hi = beta;
      }
      row.forEach((q, r) => expect(q).toBeCloseTo(p[r], 5));
    }
  });

  it('names the perplexity and k when the perplexity does not fit', () => {
    expect(() => perplexityAffinities(neighbors, { perplexity: 31 })).toThrow(
      'affinities: perplexity (31) must be in (0, k] (k = 30)',
    );
  });
});
