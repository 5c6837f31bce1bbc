import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { createRandom, permutation } from '../util/random.ts';
import { deadUnits, meanDisplacement, structureMetrics, type StructureMetrics } from './index.ts';
import { clusteredPoints, permuteRows, randomPoints } from './test-data.ts';

/** First two activation columns (the first twice if dim = 1): an imperfect but honest 2-D view. */
function project(data: Float32Array, n: number, dim: number): Float32Array {
  return Float32Array.from(
    { length: n * 2 },
    (_, p) => data[Math.floor(p / 2) * dim + Math.min(p % 2, dim - 1)],
  );
}

function expectInRange(m: StructureMetrics): void {
  for (const [name, value] of Object.entries(m)) {
    expect(Number.isFinite(value), name).toBe(true);
    const low = name.startsWith('silhouette') ? -1 : 0;
    const high = name === 'displacement' ? Infinity : 1;
    expect(value, name).toBeGreaterThanOrEqual(low);
    expect(value, name).toBeLessThanOrEqual(high);
  }
}

describe('structureMetrics', () => {
  it('sees separated classes and a faithful layout', () => {
    const n = 300;
    const dim = 8;
    const { data, labels } = clusteredPoints(n, dim, 2, 30, 1);
    const m = structureMetrics({
      activations: data,
      dim,
      layout: project(data, n, dim),
      labels,
      n,
    });
    expect(m.silhouetteActivation).toBeGreaterThan(0.5);
    expect(m.silhouetteLayout).toBeGreaterThan(0.8);
    expect(m.neighborhoodHit).toBe(1);
    expect(m.trustworthiness).toBeGreaterThan(0.6);
    expect(m.displacement).toBe(0);
    expectInRange(m);
  });

  it('reuses given activation distances with an identical result', () => {
    const n = 200;
    const dim = 6;
    const { data, labels } = clusteredPoints(n, dim, 3, 4, 2);
    const input = { activations: data, dim, layout: project(data, n, dim), labels, n };
    const activationDistances = pairwiseDistances(data, n, dim);
    // With the distances given, the activations themselves are not read.
    const reused = structureMetrics(
      { ...input, activations: new Float32Array(0) },
      { activationDistances },
    );
    expect(reused).toEqual(structureMetrics(input));
  });

  it('reports the identity layout of 2-D data as perfectly faithful', () => {
    const n = 200;
    const { data, labels } = clusteredPoints(n, 2, 3, 3, 3);
    const m = structureMetrics({ activations: data, dim: 2, layout: data, labels, n }, { k: 15 });
    expect([m.trustworthiness, m.continuity, m.knnPreservation]).toEqual([1, 1, 1]);
    expect(m.silhouetteLayout).toBe(m.silhouetteActivation);
  });

  it('measures displacement from the previous layout', () => {
    const n = 100;
    const { data, labels } = clusteredPoints(n, 4, 2, 5, 4);
    const previousLayout = project(data, n, 4);
    const layout = randomPoints(n, 2, 5);
    const m = structureMetrics({ activations: data, dim: 4, layout, previousLayout, labels, n });
    expect(m.displacement).toBe(meanDisplacement(previousLayout, layout, n));
    expect(m.displacement).toBeGreaterThan(0);
  });

  it('property: every metric finite and in range, on random, shuffled and degenerate inputs', () => {
    const random = createRandom(6);
    for (let trial = 0; trial < 12; trial++) {
      const n = 30 + Math.floor(random() * 150);
      const dim = 1 + Math.floor(random() * 20);
      const classes = 1 + Math.floor(random() * 6);
      const k = 1 + Math.floor(random() * Math.min(20, n / 2 - 1));
      const { data, labels } = clusteredPoints(n, dim, classes, 4 * random(), trial);
      // Dead layers (all-zero activations) and collapsed layouts are real at initialisation.
      const activations = trial % 4 === 0 ? new Float32Array(n * dim) : data;
      const layout =
        trial % 4 === 1
          ? new Float32Array(n * 2)
          : permuteRows(project(data, n, dim), 2, permutation(n, createRandom(trial)));
      const m = structureMetrics(
        { activations, dim, layout, previousLayout: randomPoints(n, 2, trial), labels, n },
        { k },
      );
      expectInRange(m);
    }
  });

  it('names the bad argument', () => {
    const { data, labels } = clusteredPoints(20, 3, 2, 1, 1);
    const input = { activations: data, dim: 3, layout: project(data, 20, 3), labels, n: 20 };
    expect(() => structureMetrics(input)).toThrow(
      'structureMetrics: k (10) must be an integer with 1 ≤ k < n/2 (10)',
    );
    expect(() => structureMetrics({ ...input, dim: 4 }, { k: 3 })).toThrow(
      'structureMetrics: activations length (60) must equal n*dim (80)',
    );
    expect(() =>
      structureMetrics(input, { k: 3, activationDistances: new Float32Array(10) }),
    ).toThrow('structureMetrics: activationDistances length (10) must equal n*n (400)');
  });
});

describe('deadUnits (re-exported)', () => {
  it('counts the dead columns of a layer', () => {
    const activations = randomPoints(10, 6, 1).map((v, p) => (p % 6 === 2 || p % 6 === 5 ? 0 : v));
    expect(deadUnits(activations, 10, 6)).toBe(2);
  });
});
