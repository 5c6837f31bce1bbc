/**
 * Experiment 3, mlp-bipartite: the mlp-classes network (same config and seed, so the same
 * weights), with every hidden layer drawn as a neuron × sample graph. Per snapshot and layer,
 * the layer's units and the traced samples are the nodes; a sample links to a unit when the
 * unit fires strongly for it (graph/bipartite.ts), weighted by the activation; the layout
 * runs through the shared view stage (ForceAtlas2, warm-started and aligned, dead units on a
 * fixed ring). Per (snapshot, unit): dominant class, selectivity, dead (metrics/selectivity.ts).
 */
import {
  BIPARTITE_EDGES,
  BIPARTITE_METRICS,
  NODES,
  NODE_KINDS,
  POSITIONS,
  UNITS,
  metricColumns,
} from '../../contract.ts';
import { edgesPerUnit } from '../../graph/bipartite.ts';
import { encodeTable } from '../../io/arrow.ts';
import {
  meanSelectivity,
  unitSelectivity,
  type UnitSelectivity,
} from '../../metrics/selectivity.ts';
import { layerViewOptions } from '../knn-view.ts';
import { gather, prepareTraceData } from '../trace-data.ts';
import { datasetEntry, imagesTables, roundSummary, traceMlpViews } from '../traced-mlp.ts';
import type { ExperimentContext, ExperimentResult } from '../types.ts';
import type { MlpBipartiteConfig } from './config.ts';

const SAMPLE = NODE_KINDS.indexOf('sample');
const UNIT = NODE_KINDS.indexOf('unit');

/** Runs one experiment of this kind (loaded by its record in kind.ts when a run needs it). */
export async function run(
  context: ExperimentContext<MlpBipartiteConfig>,
): Promise<ExperimentResult> {
  const { config, seed } = context;
  const { definition, dataset, split, trace, classes, train } = prepareTraceData(config, seed);
  const n = trace.length;
  const labels = gather(dataset.labels, trace);
  const widths = config.hidden;
  const units = widths.reduce((a, b) => a + b, 0);
  // Node ids: the samples, then the units of layer 1, 2, …
  const firstUnit = widths.map((_, l) => n + widths.slice(0, l).reduce((a, b) => a + b, 0));
  const nodeIds = Int32Array.from({ length: n }, (_, i) => i);
  const viewNodes = (l: number): Int32Array =>
    Int32Array.from({ length: n + widths[l] }, (_, i) => (i < n ? i : firstUnit[l] + i - n));
  // Per snapshot, per layer: what each unit does on the trace set.
  const selectivity: UnitSelectivity[][] = [];
  const traced = await traceMlpViews(context, {
    inputDim: dataset.dim,
    classes,
    trainRows: split.train.length,
    train,
    nodeIds,
    viewNodes,
    layoutSteps: false,
    probe: (s) =>
      void selectivity.push(
        widths.map((w, l) => unitSelectivity(s.activations[l], n, w, labels, classes)),
      ),
    // Figure 1's chain (seeds, iterations) with the bipartite graph, its metrics and the ring.
    chainOptions: (l) => {
      const base = layerViewOptions(config, labels, seed, l);
      return {
        ...base,
        graph: { builder: 'bipartite', k: config.metricsK, share: config.firingShare },
        metrics: metricColumns(BIPARTITE_METRICS, 'view').map((c) => c.name),
        // ForceAtlas2 alone: the fuzzy-edge refinement models kNN graphs, not sample–unit
        // links (with it the units collapsed into one clump and the samples into a cone).
        layout: { ...base.layout, refine: false, fa2: { linLogMode: config.linLog } },
        projection: false,
        isolated: 'ring',
      };
    },
  });
  const { recorder: r, snapshots } = traced;
  const S = snapshots.length;
  const last = S - 1;

  const total = n + units;
  const unitLayer = new Int8Array(total);
  const sourceIndex = new Int32Array(total);
  sourceIndex.set(gather(dataset.sourceIndex, trace));
  widths.forEach((w, l) => {
    unitLayer.fill(l + 1, firstUnit[l], firstUnit[l] + w);
    for (let j = 0; j < w; j++) sourceIndex[firstUnit[l] + j] = j;
  });
  const nodeColumns = {
    node: Int32Array.from({ length: total }, (_, i) => i),
    kind: Int8Array.from({ length: total }, (_, i) => (i < n ? SAMPLE : UNIT)),
    label: Int8Array.from({ length: total }, (_, i) => (i < n ? labels[i] : -1)),
    split: Array.from({ length: total }, (_, i) => (i < n ? 'test' : '')),
    source_index: sourceIndex,
    unit_layer: unitLayer,
  };
  const unitColumns = {
    snapshot: new Int16Array(S * units),
    node: new Int32Array(S * units),
    dominant: new Int8Array(S * units),
    selectivity: new Float32Array(S * units),
    dead: new Int8Array(S * units),
  };
  selectivity.forEach((layers, t) => {
    layers.forEach((u, l) => {
      const start = t * units + firstUnit[l] - n;
      unitColumns.snapshot.fill(t, start, start + widths[l]);
      for (let j = 0; j < widths[l]; j++) unitColumns.node[start + j] = firstUnit[l] + j;
      unitColumns.dominant.set(u.dominant, start);
      unitColumns.selectivity.set(u.selectivity, start);
      unitColumns.dead.set(u.dead, start);
    });
  });
  const round = roundSummary;
  const perLayer = Object.fromEntries(
    widths.flatMap((_, l) =>
      (
        [
          ['Initial', 0],
          ['Final', last],
        ] as const
      ).flatMap(([when, t]) => [
        [`layer${l + 1}MeanSelectivity${when}`, round(meanSelectivity(selectivity[t][l]))],
        [`layer${l + 1}DeadUnits${when}`, selectivity[t][l].dead.reduce((a, b) => a + b, 0)],
      ]),
    ),
  );
  return {
    tables: [
      { table: 'nodes', bytes: encodeTable(NODES, nodeColumns), rows: total },
      ...r.encodedPositions(POSITIONS).map((p) => ({ table: 'positions' as const, ...p })),
      ...r.encodedEdges(BIPARTITE_EDGES).map((e) => ({ table: 'edges' as const, ...e })),
      {
        table: 'metrics',
        bytes: encodeTable(BIPARTITE_METRICS, r.metricColumns(BIPARTITE_METRICS)),
        rows: widths.length * S,
      },
      { table: 'units', bytes: encodeTable(UNITS, unitColumns), rows: S * units },
      ...imagesTables(definition, train.xTrace, nodeIds),
    ],
    snapshotCount: S,
    entry: {
      kind: 'mlp-bipartite',
      title: `Neurons × samples: MLP ${[dataset.dim, ...widths, classes].join('-')} on ${definition.title}`,
      dataset: datasetEntry(config.dataset, definition, split, n),
      nodes: { sample: n, unit: units },
      layers: widths.map((width, l) => ({
        index: l + 1,
        name: `hidden ${l + 1}`,
        width,
        nodes: n + width,
      })),
      snapshots,
      summary: {
        finalTestAccuracy: round(r.metric(0, last, 'test_accuracy')),
        traceSamples: n,
        firingShare: config.firingShare,
        edgesPerUnit: edgesPerUnit(n, config.firingShare),
        ...perLayer,
      },
    },
  };
}
