import { describe, expect, it } from 'vitest';
import {
  assembleEdges,
  assembleUnits,
  edgesInView,
  unitRow,
  viewEdges,
  viewPositions,
} from './data/experiment.ts';
import { buildCore, buildLayers, buildManifest, readTable } from './build/read-data.ts';
import { experimentEntry } from './data/manifest.ts';
import {
  DEAD_ROW_Y,
  drawBipartite,
  matchNodes,
  placeUnits,
  unitsAmongTheirClass,
} from './bipartite-place.ts';

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
    const bip = buildCore('mlp-bipartite');
    const fig1 = buildCore('mlp-classes');
    const fig1Layers = buildLayers('mlp-classes');
    const bipLayers = buildLayers('mlp-bipartite');
    for (const r of [bip, fig1, fig1Layers, bipLayers]) if (!r.ok) throw new Error(r.error);
    if (!bip.ok || !fig1.ok || !fig1Layers.ok || !bipLayers.ok) return;
    const entry = experimentEntry(manifest.value, 'mlp-bipartite');
    const units = assembleUnits('mlp-bipartite', entry, readTable(entry, 'mlp-bipartite', 'units'));
    const toFigure1 = matchNodes(bip.value.sourceKeys, fig1.value.sourceKeys);
    const s = bip.value.S - 1;
    const shares: string[] = [];
    entry.layers.forEach((layer, lp) => {
      const views = bipLayers.value[lp];
      const figure1 = fig1Layers.value.find((v) => v.layer === layer.index);
      if (!views || !figure1) throw new Error(`layer ${layer.index} missing`);
      const edges = edgesInView(
        assembleEdges(
          'mlp-bipartite',
          entry,
          layer.index,
          readTable(entry, 'mlp-bipartite', 'edges', layer.index),
        ),
        views.nodeIds,
      );
      const d = drawBipartite({
        nodeIds: views.nodeIds,
        kinds: bip.value.kinds,
        labels: bip.value.labels,
        toFigure1,
        figure1: viewPositions(figure1, s),
        edges: viewEdges(edges, s),
        unitRow: (node) => unitRow(units, s, node),
        dominant: units.dominant,
        dead: units.dead,
        selectivity: units.selectivity,
      });
      const labels = Int8Array.from(
        { length: d.samples },
        (_, i) => bip.value.labels[views.nodeIds[i] ?? 0] ?? 0,
      );
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
    });
    console.log(`Figure 6 units among their class: ${shares.join('; ')}`);
    expect([...toFigure1.subarray(0, entry.nodes.sample ?? 0)].every((i) => i >= 0)).toBe(true);
  });
});
