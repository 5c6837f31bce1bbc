/**
 * Figure 6 at build time (its poster, and the test on the committed data): one layer and
 * snapshot of a neuron × sample experiment drawn as the figure draws it (bipartite-place.ts),
 * with the digits from Figure 1's experiment.
 */
import { drawSnapshot, matchNodes, type BipartiteDrawing } from '../bipartite-place.ts';
import { assembleEdges, assembleUnits, edgesInView } from '../data/experiment.ts';
import { experimentEntry } from '../data/manifest.ts';
import { buildCore, buildLayers, buildManifest, readTable } from './read-data.ts';

/** The experiment whose layouts Figure 6 draws its digits with (Figure 1's). */
export const DIGITS_FROM = 'mlp-classes';

export interface BuiltDrawing {
  drawing: BipartiteDrawing;
  /** Class of every digit of the drawing (view index). */
  labels: Int8Array;
  layer: number;
  epoch: number;
}

/** Layer `layer` (manifest index; default the last) of experiment `name` at snapshot `snapshot` (default the last). Throws on missing data. */
export function buildBipartiteDrawing(
  name: string,
  layer?: number,
  snapshot?: number,
): BuiltDrawing {
  const manifest = buildManifest();
  if (!manifest.ok) throw new Error(manifest.error);
  const entry = experimentEntry(manifest.value, name);
  const [core, fig1, layers, fig1Layers] = [
    buildCore(name),
    buildCore(DIGITS_FROM),
    buildLayers(name),
    buildLayers(DIGITS_FROM),
  ];
  if (!core.ok) throw new Error(core.error);
  if (!fig1.ok) throw new Error(fig1.error);
  if (!layers.ok) throw new Error(layers.error);
  if (!fig1Layers.ok) throw new Error(fig1Layers.error);
  const index = layer ?? entry.layers[entry.layers.length - 1]?.index ?? 1;
  const lp = entry.layers.findIndex((l) => l.index === index);
  const views = layers.value[lp];
  const figure1 = fig1Layers.value.find((v) => v.layer === index);
  if (!views || !figure1) throw new Error(`${name}: no layer ${index} here or in ${DIGITS_FROM}`);
  const s = snapshot ?? core.value.S - 1;
  const units = assembleUnits(name, entry, readTable(entry, name, 'units'));
  const edges = assembleEdges(name, entry, index, readTable(entry, name, 'edges', index));
  const drawing = drawSnapshot(
    {
      nodeIds: views.nodeIds,
      kinds: core.value.kinds,
      labels: core.value.labels,
      toFigure1: matchNodes(core.value.sourceKeys, fig1.value.sourceKeys),
      figure1,
      edges: edgesInView(edges, views.nodeIds),
      units,
    },
    s,
  );
  const labels = Int8Array.from(
    { length: drawing.samples },
    (_, i) => core.value.labels[views.nodeIds[i] ?? 0] ?? 0,
  );
  return { drawing, labels, layer: index, epoch: core.value.metrics.snapshot('epoch')[s] ?? 0 };
}
