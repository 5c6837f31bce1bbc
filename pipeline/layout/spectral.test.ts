import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { knnFromData } from '../graph/knn.ts';
import { knnGraph } from '../graph/knn-graph.ts';
import { graphFromEdges, weightedDegrees, type SparseGraph } from '../graph/sparse.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { spectralLayout } from './spectral.ts';

/** `clusters` Gaussian blobs in `dim` dimensions, centres `spread` apart on average. */
function blobs(
  n: number,
  dim: number,
  clusters: number,
  spread: number,
  seed: number,
): Float32Array {
  const random = createRandom(seed);
  const centres = Array.from({ length: clusters * dim }, () => gaussian(random) * spread);
  return Float32Array.from(
    { length: n * dim },
    (_, e) => centres[(Math.floor(e / dim) % clusters) * dim + (e % dim)] + gaussian(random),
  );
}

/** The regularised normalised Laplacian as a dense matrix, built independently of spectral.ts. */
function denseLaplacian(graph: SparseGraph, tau: number): Matrix {
  const { n } = graph;
  const w = Matrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let p = graph.rowPtr[i]; p < graph.rowPtr[i + 1]; p++)
      w.set(i, graph.colIdx[p], graph.weights[p]);
  }
  const deg = weightedDegrees(graph).map((d) => d + tau);
  const l = Matrix.eye(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++)
      l.set(i, j, l.get(i, j) - (w.get(i, j) + tau / n) / Math.sqrt(deg[i] * deg[j]));
  }
  return l;
}

describe('spectralLayout', () => {
  const n = 300;
  const graph = knnGraph(knnFromData(blobs(n, 8, 3, 1.2, 1), n, 8, { k: 10 }));

  it('returns eigenpairs with small residuals, orthogonal to D^1/2·1 and to each other', () => {
    const result = spectralLayout(graph, { random: createRandom(7), tolerance: 1e-8 });
    const l = denseLaplacian(graph, result.tau);
    const trivial = Array.from(weightedDegrees(graph), (d) => Math.sqrt(d + result.tau));
    const u = [0, 1].map((c) => Array.from({ length: n }, (_, i) => result.vectors[i * 2 + c]));
    for (let c = 0; c < 2; c++) {
      const lu = l.mmul(Matrix.columnVector(u[c])).to1DArray();
      const residual = Math.hypot(...lu.map((v, i) => v - result.eigenvalues[c] * u[c][i]));
      expect(residual).toBeLessThan(1e-4);
      expect(result.residuals[c]).toBeLessThan(1e-8);
      expect(Math.hypot(...u[c])).toBeCloseTo(1, 10);
      expect(Math.abs(u[c].reduce((s, v, i) => s + v * trivial[i], 0))).toBeLessThan(1e-8);
    }
    expect(Math.abs(u[0].reduce((s, v, i) => s + v * u[1][i], 0))).toBeLessThan(1e-8);
    // They are the two smallest non-trivial eigenvalues of the dense matrix.
    const dense = new EigenvalueDecomposition(l, { assumeSymmetric: true }).realEigenvalues.sort(
      (a, b) => a - b,
    );
    expect(Math.abs(dense[0])).toBeLessThan(1e-10);
    expect(result.eigenvalues[0]).toBeCloseTo(dense[1], 8);
    expect(result.eigenvalues[1]).toBeCloseTo(dense[2], 8);
  });

  it('matches the path graph golden: λ_k = 1 − cos(πk/(n−1))', () => {
    const m = 10;
    const path = graphFromEdges(
      m,
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      new Array<number>(9).fill(1),
    );
    const result = spectralLayout(path, { regularization: 0, tolerance: 1e-10 });
    expect(Array.from(result.eigenvalues, (v) => v.toFixed(6))).toEqual(['0.060307', '0.233956']);
    expect(result.eigenvalues[0]).toBeCloseTo(1 - Math.cos(Math.PI / 9), 9);
    // The Fiedler vector of a path is monotone: the layout keeps the order of the nodes.
    const x = Array.from({ length: m }, (_, i) => result.positions[2 * i]);
    const increasing = x.every((v, i) => i === 0 || v > x[i - 1]);
    const decreasing = x.every((v, i) => i === 0 || v < x[i - 1]);
    expect(increasing || decreasing).toBe(true);
    expect(Math.max(...result.positions.map(Math.abs))).toBeCloseTo(1, 6);
  });

  it('separates two well-separated Gaussian blobs along the first axis', () => {
    const m = 200;
    const two = knnGraph(knnFromData(blobs(m, 10, 2, 5, 3), m, 10, { k: 12 }));
    const x = spectralLayout(two, { random: createRandom(1) }).positions.filter(
      (_, e) => e % 2 === 0,
    );
    const even = x.filter((_, i) => i % 2 === 0); // blob 0 holds the even indices
    const odd = x.filter((_, i) => i % 2 === 1);
    const separated = Math.max(...even) < Math.min(...odd) || Math.max(...odd) < Math.min(...even);
    expect(separated).toBe(true);
  });

  it('is deterministic, and signs and vectors do not depend on the seed', () => {
    const a = spectralLayout(graph, { random: createRandom(1) });
    const b = spectralLayout(graph, { random: createRandom(1) });
    const c = spectralLayout(graph, { random: createRandom(2) });
    expect(b.positions).toEqual(a.positions);
    for (let e = 0; e < a.positions.length; e++)
      expect(Math.abs(a.positions[e] - c.positions[e])).toBeLessThan(1e-4);
  });

  it('stays finite on a disconnected graph with isolated nodes', () => {
    // Two triangles and two isolated nodes; regularisation couples them.
    const g = graphFromEdges(8, [0, 1, 2, 3, 4, 5], [1, 2, 0, 4, 5, 3], [1, 1, 1, 0.5, 0.5, 0.5]);
    const result = spectralLayout(g, { tolerance: 1e-9 });
    expect(result.positions.every(Number.isFinite)).toBe(true);
    expect(Math.max(...result.residuals)).toBeLessThan(1e-9);
    expect(result.eigenvalues[0]).toBeGreaterThan(0);
  });

  it('reports an unconverged result instead of throwing when out of iterations', () => {
    const result = spectralLayout(graph, { maxIterations: 0 });
    expect(result.iterations).toBe(0);
    expect(Math.max(...result.residuals)).toBeGreaterThan(1e-3);
    expect(result.positions.every(Number.isFinite)).toBe(true);
  });

  it('rejects impossible requests with the offending value', () => {
    const tiny = graphFromEdges(2, [0], [1], [1]);
    expect(() => spectralLayout(tiny)).toThrow(
      'spectral: dimensions (2) must be an integer in 1…n−1 (n = 2)',
    );
    const empty = graphFromEdges(3, [], [], []);
    expect(() => spectralLayout(empty, { regularization: 0 })).toThrow(
      'spectral: graph has no edges and regularization (0) is 0',
    );
  });
});
