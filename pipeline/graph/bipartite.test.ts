import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random.ts';
import { bipartiteGraph, edgesPerUnit } from './bipartite.ts';
import { GRAPH_BUILDERS } from './builders.ts';
import { edgesOf } from './sparse.ts';

/** Seeded ReLU-like activations with some exact zeros and one dead unit (column 0). */
function reluActivations(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const a = new Float32Array(n * dim);
  for (let i = 0; i < n; i++)
    for (let d = 1; d < dim; d++) a[i * dim + d] = Math.max(0, random() * 2 - 0.6);
  return a;
}

describe('bipartiteGraph', () => {
  const n = 60;
  const dim = 12;
  const activations = reluActivations(n, dim, 7);
  const graph = bipartiteGraph(activations, n, dim, { share: 0.2 });

  it('has no same-kind edge, and every edge weight is the recorded activation', () => {
    expect(graph.n).toBe(n + dim);
    let edges = 0;
    for (let v = 0; v < graph.n; v++) {
      const { indices, weights } = edgesOf(graph, v);
      indices.forEach((u, e) => {
        // One endpoint a sample, the other a unit.
        expect(v < n).not.toBe(u < n);
        const [i, j] = v < n ? [v, u - n] : [u, v - n];
        expect(weights[e]).toBe(activations[i * dim + j]);
        expect(weights[e]).toBeGreaterThan(0);
        edges++;
      });
    }
    expect(edges).toBeGreaterThan(0);
  });

  it('links each unit to its strongest samples only, and a dead unit to none', () => {
    expect(edgesOf(graph, n).indices.length).toBe(0); // unit 0 is dead
    const top = edgesPerUnit(n, 0.2);
    for (let j = 1; j < dim; j++) {
      const { indices } = edgesOf(graph, n + j);
      const linked = new Set(indices);
      const column = Array.from({ length: n }, (_, i) => activations[i * dim + j]);
      const positive = column.filter((a) => a > 0).length;
      expect(indices.length).toBe(Math.min(top, positive));
      const weakestLinked = Math.min(...[...linked].map((i) => column[i]));
      column.forEach((a, i) => {
        if (!linked.has(i)) expect(a).toBeLessThan(weakestLinked);
      });
    }
  });

  it('is the registered bipartite builder', () => {
    const built = GRAPH_BUILDERS.bipartite(
      { n, points: activations, dim, distances: new Float32Array(0), neighbors: undefined! },
      { k: 1, share: 0.2 },
    );
    expect(built).toEqual(graph);
  });

  it('names bad options', () => {
    expect(() => bipartiteGraph(activations, n, dim, { share: 0 })).toThrow(
      'bipartiteGraph: share (0) must be in (0, 1]',
    );
    expect(() => bipartiteGraph(activations, n + 1, dim)).toThrow(
      'bipartiteGraph: activations length (720) must equal n*dim (61*12)',
    );
  });
});
