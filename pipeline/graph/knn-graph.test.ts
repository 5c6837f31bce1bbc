import { describe, expect, it } from 'vitest';
import { createRandom, gaussian } from '../util/random.ts';
import { displayEdges } from './display-edges.ts';
import { knnFromData, type KnnResult } from './knn.ts';
import { fuzzyWeights, knnGraph } from './knn-graph.ts';
import { edgeCount, edgesOf, graphFromEdges, weightedDegrees, type SparseGraph } from './sparse.ts';

function randomData(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: n * dim }, () => gaussian(random));
}

/** Asserts CSR symmetry, sorted rows, no self-loops and weights in (0, 1]. */
function expectValidGraph(graph: SparseGraph): void {
  const { n, rowPtr, colIdx, weights } = graph;
  const w = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      if (p > rowPtr[i]) expect(colIdx[p]).toBeGreaterThan(colIdx[p - 1]);
      expect(colIdx[p]).not.toBe(i);
      w.set(i * n + colIdx[p], weights[p]);
    }
  }
  for (const [key, value] of w) {
    expect(Number.isFinite(value) && value > 0 && value <= 1).toBe(true);
    expect(w.get((key % n) * n + Math.floor(key / n))).toBe(value);
  }
}

/** Every kNN pair must be an edge of the union graph. */
function expectContainsKnn(graph: SparseGraph, result: KnnResult): void {
  for (let i = 0; i < result.n; i++) {
    const neighbours = new Set(edgesOf(graph, i).indices);
    for (let r = 0; r < result.k; r++)
      expect(neighbours.has(result.indices[i * result.k + r])).toBe(true);
  }
}

describe('knnGraph', () => {
  it('is symmetric, weights in (0, 1], and contains every kNN pair', () => {
    const n = 200;
    const result = knnFromData(randomData(n, 8, 1), n, 8, { k: 10 });
    const graph = knnGraph(result);
    expectValidGraph(graph);
    expectContainsKnn(graph, result);
    expect(edgeCount(graph)).toBeGreaterThanOrEqual((n * 10) / 2);
    expect(edgeCount(graph)).toBeLessThanOrEqual(n * 10);
  });

  it('calibrates σ so each row of directed weights sums to log2(k)', () => {
    const n = 150;
    const result = knnFromData(randomData(n, 5, 2), n, 5, { k: 12 });
    const w = fuzzyWeights(result);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let r = 0; r < 12; r++) sum += w[i * 12 + r];
      expect(sum).toBeCloseTo(Math.log2(12), 3);
      expect(Math.max(...w.subarray(i * 12, i * 12 + 12))).toBe(1); // nearest distinct neighbour
    }
  });

  it('stays finite with duplicates and dead activations (all-zero rows)', () => {
    const n = 120;
    const dim = 6;
    const data = randomData(n, dim, 3);
    data.fill(0, 0, 40 * dim); // a third of the rows are dead: many exact ties, σ → floor
    data.copyWithin(60 * dim, 50 * dim, 55 * dim); // five duplicated points
    const result = knnFromData(data, n, dim, { k: 15 });
    const graph = knnGraph(result);
    expectValidGraph(graph);
    expectContainsKnn(graph, result);
    // Dead rows are identical: their mutual edges are certain.
    const row = edgesOf(graph, 5);
    row.indices.forEach((j, p) => {
      if (j < 40) expect(row.weights[p]).toBe(1);
    });
  });

  it('gives weight 1 everywhere when every point coincides', () => {
    const graph = knnGraph(knnFromData(new Float32Array(20 * 3), 20, 3, { k: 4 }));
    expectValidGraph(graph);
    expect(graph.weights.every((w) => w === 1)).toBe(true);
  });

  it('handles k = 1 (log2(1) = 0 is unreachable: σ falls to its floor)', () => {
    const n = 30;
    const graph = knnGraph(knnFromData(randomData(n, 3, 4), n, 3, { k: 1 }));
    expectValidGraph(graph);
    expect(graph.weights.every((w) => w === 1)).toBe(true);
  });

  it('matches a small golden (points on a line, k = 2)', () => {
    const graph = knnGraph(knnFromData(Float32Array.from([0, 1, 3, 6, 10]), 5, 1, { k: 2 }));
    // log2(2) = 1: only the nearest neighbour keeps weight 1, the other falls to minWeight.
    expect(Array.from(graph.rowPtr)).toEqual([0, 2, 4, 8, 10, 12]);
    expect(Array.from(graph.colIdx)).toEqual([1, 2, 0, 2, 0, 1, 3, 4, 2, 4, 2, 3]);
    expect(Array.from(graph.weights, (w) => Number(w.toFixed(4)))).toEqual([
      1, 0.0002, 1, 1, 0.0002, 1, 1, 0.0001, 1, 1, 0.0001, 1,
    ]);
  });
});

describe('sparse helpers', () => {
  it('builds CSR from undirected edges and reports degrees', () => {
    const graph = graphFromEdges(4, [2, 0, 1], [0, 1, 3], [0.5, 1, 0.25]);
    expect(Array.from(graph.rowPtr)).toEqual([0, 2, 4, 5, 6]);
    expect(Array.from(graph.colIdx)).toEqual([1, 2, 0, 3, 0, 1]);
    expect(Array.from(weightedDegrees(graph))).toEqual([1.5, 1.25, 0.5, 0.25]);
    expect(edgeCount(graph)).toBe(3);
  });

  it('rejects self-loops, repeated pairs and bad weights', () => {
    expect(() => graphFromEdges(3, [1], [1], [1])).toThrow(
      'sparse: edge 0 is a self-loop on node 1',
    );
    expect(() => graphFromEdges(3, [0, 1], [1, 0], [1, 1])).toThrow(
      'sparse: edge (0, 1) is given twice',
    );
    expect(() => graphFromEdges(3, [0], [1], [0])).toThrow(
      'sparse: edge 0 weight (0) must be finite and > 0',
    );
    expect(() => graphFromEdges(3, [0], [3], [1])).toThrow('sparse: edge 0 (0, 3) is outside 0…2');
  });
});

describe('displayEdges', () => {
  it("keeps each node's strongest edges, deduplicated and sorted by (source, target)", () => {
    const n = 150;
    const graph = knnGraph(knnFromData(randomData(n, 6, 5), n, 6, { k: 10 }));
    const edges = displayEdges(graph, { perNode: 3 });
    const keys = Array.from(edges.source, (s, e) => s * n + edges.target[e]);
    for (let e = 0; e < keys.length; e++) {
      expect(edges.source[e]).toBeLessThan(edges.target[e]);
      if (e > 0) expect(keys[e]).toBeGreaterThan(keys[e - 1]);
    }
    const kept = new Set(keys);
    for (let i = 0; i < n; i++) {
      const { indices, weights } = edgesOf(graph, i);
      const order = Array.from(indices.keys()).sort(
        (a, b) => weights[b] - weights[a] || indices[a] - indices[b],
      );
      for (const p of order.slice(0, 3)) {
        const j = indices[p];
        expect(kept.has(Math.min(i, j) * n + Math.max(i, j))).toBe(true);
      }
    }
    for (let e = 0; e < keys.length; e++) {
      const row = edgesOf(graph, edges.source[e]);
      expect(edges.weight[e]).toBe(row.weights[row.indices.indexOf(edges.target[e])]);
    }
  });

  it('matches a small golden', () => {
    const graph = graphFromEdges(4, [0, 0, 0, 1, 2], [1, 2, 3, 2, 3], [0.9, 0.5, 0.1, 0.3, 0.7]);
    const edges = displayEdges(graph, { perNode: 1 });
    expect(Array.from(edges.source)).toEqual([0, 2]);
    expect(Array.from(edges.target)).toEqual([1, 3]);
    expect(Array.from(edges.weight, (w) => Number(w.toFixed(2)))).toEqual([0.9, 0.7]);
  });
});
