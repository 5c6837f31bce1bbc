import { describe, expect, it } from 'vitest';
import { buildBipartiteDrawing } from './build/bipartite-drawing.ts';
import { buildManifest } from './build/read-data.ts';
import { experimentEntry } from './data/manifest.ts';
import { DEAD_ROW_Y, matchNodes, placeUnits, unitsAmongTheirClass } from './bipartite-place.ts';

describe('Figure 6 unit placement', () => {
  it('puts a unit among the linked digits of its dominant class, a dead one in the row below', () => {
    // Digits 0–2 of class 0 near (−0.5, 0), digits 3–5 of class 1 near (0.5, 0).
    const digits = Float32Array.from([
      -0.5, 0, -0.52, 0.02, -0.48, -0.01, 0.5, 0, 0.52, 0.01, 0.49, 0,
    ]);
    const labels = [0, 0, 0, 1, 1, 1];
    const edges = {
      // Unit 6 links to two class-1 digits and one class-0 digit; unit 7 to nothing.
      source: Int32Array.from([3, 4, 0]),
      target: Int32Array.from([6, 6, 6]),
      weight: Float32Array.from([1, 1, 3]),
    };
    const at = (dominant: number) =>
      placeUnits({ digits, labels, units: [6, 7], dominant: [dominant, -1], dead: [0, 1], edges });
    const one = at(1);
    expect(one[12]).toBeGreaterThan(0.4);
    const zero = at(0);
    expect(zero[12]).toBeLessThan(-0.4);
    expect(one[15]).toBe(Math.fround(DEAD_ROW_Y));
    expect(unitsAmongTheirClass(one, 6, labels, [6, 7], [1, -1], [0.9, 0], 0.5, 3)).toEqual({
      selective: 1,
      share: 1,
    });
    expect(unitsAmongTheirClass(zero, 6, labels, [6, 7], [1, -1], [0.9, 0], 0.5, 3).share).toBe(0);
    expect(Array.from(matchNodes(['a', '', 'c'], ['c', 'a']))).toEqual([1, -1, 0]);
  });

  it('draws ≥ 80 % of the units with selectivity ≥ 0.5 among their class, in every layer (committed data, end)', () => {
    const manifest = buildManifest();
    if (!manifest.ok) throw new Error(manifest.error);
    const entry = experimentEntry(manifest.value, 'mlp-bipartite');
    const shares: string[] = [];
    for (const layer of entry.layers) {
      const { drawing: d, labels } = buildBipartiteDrawing('mlp-bipartite', layer.index);
      const { selective, share } = unitsAmongTheirClass(
        d.xy,
        d.samples,
        labels,
        d.units,
        d.dominant,
        d.selectivity,
      );
      shares.push(`layer ${layer.index}: ${(100 * share).toFixed(1)} % of ${selective}`);
      expect(selective, `layer ${layer.index}`).toBeGreaterThan(0);
      expect(share, `layer ${layer.index}`).toBeGreaterThanOrEqual(0.8);
      // Every digit found in Figure 1's experiment (none left on the dead row).
      expect(
        d.xy
          .subarray(0, 2 * d.samples)
          .some((v, i) => i % 2 === 1 && v === Math.fround(DEAD_ROW_Y)),
      ).toBe(false);
    }
    console.log(`Figure 6 units among their class: ${shares.join('; ')}`);
  });
});
