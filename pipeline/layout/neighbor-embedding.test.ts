import { describe, expect, it } from 'vitest';
import { knnFromData, type KnnResult } from '../graph/knn.ts';
import { knnGraph } from '../graph/knn-graph.ts';
import { pairwiseDistances } from '../graph/distances.ts';
import { knnPreservation } from '../metrics/knn-preservation.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { conditionalAffinities, perplexityAffinities } from './affinities.ts';
import { klDivergence, logLocalRadii, neighborEmbedding } from './neighbor-embedding.ts';

/** A Gaussian mixture in `dim` dimensions: `clusters` blobs, blob c with standard deviation spreads[c]. */
function mixture(n: number, dim: number, spreads: number[], seed: number) {
  const random = createRandom(seed);
  const clusters = spreads.length;
  const centres = Array.from({ length: clusters * dim }, () => 6 * gaussian(random));
  const labels = Int32Array.from({ length: n }, (_, i) => i % clusters);
  const data = Float32Array.from({ length: n * dim }, (_, e) => {
    const c = labels[Math.floor(e / dim)];
    return centres[c * dim + (e % dim)] + spreads[c] * gaussian(random);
  });
  return { data, labels };
}

/**
 * Exact t-SNE for the test (van der Maaten & Hinton 2008): dense P from every other point at the
 * given perplexity, O(n²) gradient, plain gradient descent with momentum and gains, early
 * exaggeration 12 for the first quarter.
 */
function exactTsne(
  data: Float32Array,
  n: number,
  dim: number,
  perplexity: number,
  init: Float32Array,
): Float32Array {
  const all: KnnResult = knnFromData(data, n, dim, { k: n - 1 });
  const conditional = conditionalAffinities(all, perplexity);
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let r = 0; r < n - 1; r++) {
      const j = all.indices[i * (n - 1) + r];
      p[i * n + j] += conditional[i * (n - 1) + r] / (2 * n);
      p[j * n + i] += conditional[i * (n - 1) + r] / (2 * n);
    }
  const y = Float64Array.from(init);
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const iterations = 1000;
  for (let it = 0; it < iterations; it++) {
    const rho = it < iterations / 4 ? 12 : 1;
    const q = new Float64Array(n * n);
    let z = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (i !== j)
          z += q[i * n + j] =
            1 / (1 + (y[2 * i] - y[2 * j]) ** 2 + (y[2 * i + 1] - y[2 * j + 1]) ** 2);
    for (let i = 0; i < n; i++) {
      let gx = 0;
      let gy = 0;
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const c = 4 * (rho * p[i * n + j] - q[i * n + j] / z) * q[i * n + j];
        gx += c * (y[2 * i] - y[2 * j]);
        gy += c * (y[2 * i + 1] - y[2 * j + 1]);
      }
      for (const [e, g] of [
        [2 * i, gx],
        [2 * i + 1, gy],
      ] as const) {
        gains[e] = g > 0 !== update[e] > 0 ? gains[e] + 0.2 : Math.max(0.01, gains[e] * 0.8);
        update[e] = (it < iterations / 4 ? 0.5 : 0.8) * update[e] - 50 * gains[e] * g;
      }
    }
    for (let e = 0; e < 2 * n; e++) y[e] += update[e];
  }
  return Float32Array.from(y);
}

function preservation(
  data: Float32Array,
  dim: number,
  layout: Float32Array,
  n: number,
  k: number,
): number {
  return knnPreservation(pairwiseDistances(data, n, dim), pairwiseDistances(layout, n, 2), n, {
    k,
  });
}

describe('neighborEmbedding', () => {
  const n = 240;
  const dim = 10;
  const { data } = mixture(n, dim, [1, 1, 1, 1, 1, 1], 11);
  const random = createRandom(4);
  const init = Float32Array.from({ length: 2 * n }, () => 1e-4 * gaussian(random));

  it('at the t-SNE end (ρ = 1) keeps neighbours within 0.05 of an exact t-SNE on a Gaussian mixture', () => {
    const p = perplexityAffinities(knnFromData(data, n, dim, { k: 90 }), { perplexity: 30 });
    const ours = neighborEmbedding(p, init, {
      iterations: 750,
      early: { iterations: 250, exaggeration: 12 },
    });
    const exact = exactTsne(data, n, dim, 30, init);
    const a = preservation(data, dim, ours, n, 10);
    const b = preservation(data, dim, exact, n, 10);
    expect(b).toBeGreaterThan(0.3); // the reference itself works
    expect(Math.abs(a - b)).toBeLessThan(0.05);
    // Negative control: strong exaggeration (the tight end of the spectrum) keeps fewer neighbours.
    const tight = neighborEmbedding(p, init, {
      iterations: 750,
      exaggeration: 30,
      learningRate: 4,
    });
    expect(preservation(data, dim, tight, n, 10)).toBeLessThan(b - 0.05);
  }, 60_000);

  it('with θ = 0 lowers the exact KL divergence, and Barnes-Hut θ = 0.5 lands within 5 % of it (mean of 5 starts)', () => {
    // One start is not enough: 400 steps are chaotic, so a change in summation order alone moves
    // one start's gap anywhere in 1–7 %; over 20 starts it is 3.1 %.
    const p = perplexityAffinities(knnFromData(data, n, dim, { k: 60 }), { perplexity: 20 });
    let exactMean = 0;
    let bhMean = 0;
    for (let seed = 4; seed < 9; seed++) {
      const r = createRandom(seed);
      const start = Float32Array.from({ length: 2 * n }, () => 1e-4 * gaussian(r));
      const run = (theta: number) =>
        neighborEmbedding(p, start, {
          iterations: 400,
          theta,
          early: { iterations: 100, exaggeration: 12 },
        });
      const klExact = klDivergence(p, run(0));
      expect(klExact).toBeLessThan(0.5 * klDivergence(p, start));
      exactMean += klExact / 5;
      bhMean += klDivergence(p, run(0.5)) / 5;
    }
    expect(Math.abs(bhMean - exactMean) / exactMean).toBeLessThan(0.05);
  }, 60_000);

  it('the density term raises the correlation of local radii on a mixture of tight and loose blobs', () => {
    const { data: mixed } = mixture(n, dim, [0.3, 0.3, 1, 1, 2, 2], 5);
    const neighbors = knnFromData(mixed, n, dim, { k: 60 });
    const p = perplexityAffinities(neighbors, { perplexity: 20 });
    const graph = knnGraph(knnFromData(mixed, n, dim, { k: 15 }));
    const high = pairwiseDistances(mixed, n, dim);
    const radii = logLocalRadii(graph, (i, j) => high[i * n + j] ** 2);
    const corr = (layout: Float32Array): number => {
      const low = logLocalRadii(
        graph,
        (i, j) =>
          (layout[2 * i] - layout[2 * j]) ** 2 + (layout[2 * i + 1] - layout[2 * j + 1]) ** 2,
      );
      const m = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / n;
      const [ma, mb] = [m(radii), m(low)];
      let c = 0;
      let va = 0;
      let vb = 0;
      for (let i = 0; i < n; i++) {
        c += (radii[i] - ma) * (low[i] - mb);
        va += (radii[i] - ma) ** 2;
        vb += (low[i] - mb) ** 2;
      }
      return c / Math.sqrt(va * vb);
    };
    const options = { iterations: 600, early: { iterations: 200, exaggeration: 12 } };
    const plain = corr(neighborEmbedding(p, init, options));
    const dense = corr(
      neighborEmbedding(p, init, { ...options, density: { weight: 1, graph, radii } }),
    );
    expect(dense).toBeGreaterThan(plain + 0.1);
  }, 60_000);

  it('is deterministic and pins nodes with rate 0', () => {
    const p = perplexityAffinities(knnFromData(data, n, dim, { k: 30 }), { perplexity: 10 });
    const rates = Float32Array.from({ length: n }, (_, i) => (i < 10 ? 0 : 1));
    const a = neighborEmbedding(p, init, { iterations: 50, rates });
    const b = neighborEmbedding(p, init, { iterations: 50, rates });
    expect(b).toEqual(a);
    expect(Array.from(a.subarray(0, 20))).toEqual(Array.from(init.subarray(0, 20)));
    expect(a[20]).not.toBe(init[20]);
  });

  it('names the bad option', () => {
    const p = perplexityAffinities(knnFromData(data, n, dim, { k: 30 }), { perplexity: 10 });
    expect(() => neighborEmbedding(p, new Float32Array(3))).toThrow(
      'neighborEmbedding: initial length (3) must be 2n (480)',
    );
    expect(() => neighborEmbedding(p, init, { exaggeration: 0 })).toThrow('exaggeration (0)');
  });
});
