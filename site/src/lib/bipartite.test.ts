import { describe, expect, it } from 'vitest';
import { linkedUnits, strongestSamples, unitOf } from './bipartite.ts';

describe('neuron × sample view helpers', () => {
  // Samples 0–2, units 3–4 (view indices); edges sorted by (source, target).
  const edges = {
    source: Int32Array.from([0, 0, 1, 2]),
    target: Int32Array.from([3, 4, 3, 3]),
    weight: Float32Array.from([0.5, 2, 1.5, 0.5]),
  };

  it('lists the units a sample links to', () => {
    expect(linkedUnits(0, edges)).toEqual([3, 4]);
    expect(linkedUnits(2, edges)).toEqual([3]);
    expect(linkedUnits(3, edges)).toEqual([]);
    expect(linkedUnits(0, null)).toEqual([]);
  });

  it('ranks a unit’s samples by activation (ties by node), at most count', () => {
    expect(strongestSamples(3, edges, 5)).toEqual([
      { node: 1, activation: 1.5 },
      { node: 0, activation: 0.5 },
      { node: 2, activation: 0.5 },
    ]);
    expect(strongestSamples(3, edges, 1)).toEqual([{ node: 1, activation: 1.5 }]);
    expect(strongestSamples(3, { source: edges.source, target: edges.target }, 3)).toEqual([]);
  });

  it('finds a unit’s layer and index from its node id', () => {
    const entry = {
      nodes: { sample: 10, unit: 7 },
      layers: [
        { index: 1, name: 'h1', width: 4, nodes: 14 },
        { index: 2, name: 'h2', width: 3, nodes: 13 },
      ],
    };
    expect(unitOf(entry, 9)).toEqual({ layer: -1, unit: -1 });
    expect(unitOf(entry, 10)).toEqual({ layer: 1, unit: 0 });
    expect(unitOf(entry, 14)).toEqual({ layer: 2, unit: 0 });
    expect(unitOf(entry, 16)).toEqual({ layer: 2, unit: 2 });
    expect(unitOf(entry, 17)).toEqual({ layer: -1, unit: -1 });
  });
});
