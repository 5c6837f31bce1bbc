import forceAtlas2 from 'graphology-layout-forceatlas2';
import { describe, expect, it } from 'vitest';
import { knnFromData } from '../graph/knn.ts';
import { knnGraph } from '../graph/knn-graph.ts';
import { graphFromEdges } from '../graph/sparse.ts';
import { createRandom, gaussian } from '../util/random.ts';
import {
  forceAtlas2Layout,
  forceAtlas2Run,
  inferForceAtlas2Settings,
  toGraphology,
} from './forceatlas2.ts';

/** Two disjoint rings of m nodes each. */
function twoRings(m: number) {
  const source: number[] = [];
  const target: number[] = [];
  for (let r = 0; r < 2; r++) {
    for (let i = 0; i < m; i++) {
      source.push(r * m + i);
      target.push(r * m + ((i + 1) % m));
    }
  }
  return graphFromEdges(2 * m, source, target, new Array<number>(source.length).fill(1));
}

describe('forceAtlas2Layout', () => {
  const graph = twoRings(40);
  const random = createRandom(3);
  const initial = Float32Array.from({ length: 2 * graph.n }, () => gaussian(random) * 10);

  it("is bit-identical to the library's public API on the equivalent graphology graph", () => {
    // Fuzzy kNN weights, so the float32 mass sums depend on the edge order.
    const data = Float32Array.from({ length: 80 * 4 }, () => gaussian(random));
    const weighted = knnGraph(knnFromData(data, 80, 4, { k: 6 }));
    for (const overrides of [{}, { linLogMode: true, barnesHutOptimize: false }]) {
      const settings = { ...inferForceAtlas2Settings(80), ...overrides };
      const mapping = forceAtlas2(toGraphology(weighted, initial), { iterations: 30, settings });
      const expected = Float32Array.from({ length: 160 }, (_, e) => {
        const p = mapping[String(e >> 1)];
        return e % 2 === 0 ? p.x : p.y;
      });
      const actual = forceAtlas2Layout(weighted, initial, { iterations: 30, ...overrides });
      expect(actual).toEqual(expected);
    }
  });

  it('is deterministic and finite', () => {
    const a = forceAtlas2Layout(graph, initial, { iterations: 50 });
    const b = forceAtlas2Layout(graph, initial, { iterations: 50 });
    expect(a).toEqual(b);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(a).not.toEqual(initial);
  });

  it('keeps disconnected components at a bounded distance (strong gravity)', () => {
    const out = forceAtlas2Layout(graph, initial, { iterations: 500 });
    const centre = (r: number) => {
      let x = 0;
      let y = 0;
      for (let i = r * 40; i < r * 40 + 40; i++) {
        x += out[2 * i] / 40;
        y += out[2 * i + 1] / 40;
      }
      return [x, y];
    };
    const [a, b] = [centre(0), centre(1)];
    const gap = Math.hypot(a[0] - b[0], a[1] - b[1]);
    const extent = Math.max(...out.map(Math.abs));
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(2 * extent); // neither ring escaped to a far corner
    // Without gravity the same rings drift much farther apart.
    const free = forceAtlas2Layout(graph, initial, { iterations: 500, gravity: 0 });
    expect(Math.max(...free.map(Math.abs))).toBeGreaterThan(2 * extent);
  });

  it('returns a copy for 0 iterations and validates input', () => {
    const copy = forceAtlas2Layout(graph, initial, { iterations: 0 });
    expect(copy).toEqual(initial);
    expect(copy).not.toBe(initial);
    expect(() => forceAtlas2Layout(graph, new Float32Array(3))).toThrow(
      'forceatlas2: initial length (3) must be 2n (160)',
    );
    expect(() => forceAtlas2Layout(graph, initial, { iterations: -1 })).toThrow(
      'forceatlas2: iterations (-1)',
    );
    expect(inferForceAtlas2Settings(2000).slowDown).toBeCloseTo(1 + Math.log(2000), 10);
  });

  it('stops on convergence, on the same trajectory as a fixed run of that length', () => {
    const steps: number[] = [];
    const result = forceAtlas2Run(graph, initial, {
      iterations: 1000,
      tolerance: 2e-3,
      patience: 4,
      onIteration: (_iteration, step) => steps.push(step),
    });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(1000);
    expect(steps.length).toBe(result.iterations);
    // Stopped at the first run of 4 calm iterations, not before.
    const calm = steps.map((s) => s < 2e-3);
    expect(calm.slice(-4)).toEqual([true, true, true, true]);
    expect(
      calm.slice(0, -1).some((_, i) => i >= 3 && calm.slice(i - 3, i + 1).every(Boolean)),
    ).toBe(false);
    expect(result.relativeStep).toBe(steps[steps.length - 1]);
    const fixed = forceAtlas2Layout(graph, initial, { iterations: result.iterations });
    expect(result.positions).toEqual(fixed);
    // tolerance 0 never stops early.
    const full = forceAtlas2Run(graph, initial, { iterations: 60 });
    expect([full.iterations, full.converged]).toEqual([60, false]);
    expect(() => forceAtlas2Run(graph, initial, { tolerance: -1 })).toThrow(
      'forceatlas2: tolerance (-1) must be finite and ≥ 0',
    );
    expect(() => forceAtlas2Run(graph, initial, { patience: 0 })).toThrow(
      'forceatlas2: patience (0) must be an integer ≥ 1',
    );
  });
});
