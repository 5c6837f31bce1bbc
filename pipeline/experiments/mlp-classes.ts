/**
 * Experiment 1, mlp-classes: train an MLP classifier and, at every snapshot and hidden layer,
 * lay out the kNN graph of the trace set's activations (spectral → ForceAtlas2, warm-started
 * and aligned across snapshots) and measure how classes separate.
 */
import { EDGES, IMAGES, METRICS, NODES, POSITIONS, STEP_EDGES, type LayerInfo, type SnapshotInfo } from '../contract.ts';
import { pairwiseDistances } from '../graph/distances.ts';
import { displayEdges } from '../graph/display-edges.ts';
import { knn } from '../graph/knn.ts';
import { knnGraph } from '../graph/knn-graph.ts';
import type { SparseGraph } from '../graph/sparse.ts';
import type { DisplayEdges } from '../graph/display-edges.ts';
import { encodeTable } from '../io/arrow.ts';
import { createLayoutSequence, type LayoutSequence } from '../layout/sequence.ts';
import { deadUnits, structureMetrics } from '../metrics/index.ts';
import { buildMlp } from '../train/mlp.ts';
import { snapshotSchedule, stepsPerEpoch } from '../train/schedule.ts';
import { trainMlp, type Snapshot } from '../train/train-mlp.ts';
import { createRandom, deriveSeed } from '../util/random.ts';
import { gather, prepareTraceData } from './trace-data.ts';
import { encodeSteps, layoutSteps } from './layout-steps.ts';
import { ViewBuffers, encodeEdges } from './view-buffers.ts';
import type { EncodedTable, ExperimentContext, ExperimentDefinition, ExperimentResult } from './types.ts';

async function run(context: ExperimentContext): Promise<ExperimentResult> {
  const { config, seed, onProgress } = context;
  const { definition, dataset, split, trace, classes, train } = prepareTraceData(config, seed);
  const { dim } = dataset;
  const n = trace.length;
  const labels = gather(dataset.labels, trace);
  const model = buildMlp({ inputDim: dim, classes, hidden: config.hidden, seed: deriveSeed(seed, 'init') });
  const layers = config.hidden.length;
  const planned = snapshotSchedule(stepsPerEpoch(split.train.length, config.batchSize), config);
  const sequences: LayoutSequence[] = config.hidden.map((_, l) =>
    createLayoutSequence({ random: createRandom(deriveSeed(seed, `layout-${l}`)), coldIterations: config.coldIterations, warmIterations: config.warmIterations }),
  );
  const buffers = new ViewBuffers(n, layers, planned.length);
  const snapshots: SnapshotInfo[] = [];
  const lastGraphs: SparseGraph[] = [];
  const lastEdges: DisplayEdges[] = [];
  const total = planned.length * layers + layers;
  let done = 0;

  const onSnapshot = (s: Snapshot): void => {
    snapshots.push({ index: s.index, epoch: s.epoch, step: s.step });
    for (let l = 0; l < layers; l++) {
      const activations = s.activations[l];
      const width = s.widths[l];
      const distances = pairwiseDistances(activations, n, width);
      const graph = knnGraph(knn(distances, n, { k: config.knnK }));
      const previous = buffers.layout(l, s.index - 1);
      const { positions } = sequences[l].next(graph);
      const metrics = structureMetrics(
        { activations, dim: width, layout: positions, labels, n, ...(previous ? { previousLayout: previous } : {}) },
        { k: config.metricsK, activationDistances: distances },
      );
      const edges = displayEdges(graph, { perNode: config.displayEdgesPerNode });
      buffers.addView(l, s.index, positions, s.predicted, edges);
      lastGraphs[l] = graph;
      lastEdges[l] = edges;
      buffers.addMetrics(l, s.index, { ...metrics, epoch: s.epoch, deadUnits: deadUnits(activations, n, width), trainLoss: s.trainLoss, trainAccuracy: s.trainAccuracy, testLoss: s.testLoss, testAccuracy: s.testAccuracy });
      onProgress(++done / total, `epoch ${s.epoch.toFixed(2)} · layer ${l + 1}/${layers} · test acc ${(s.testAccuracy * 100).toFixed(1)} %`);
    }
  };

  await trainMlp(
    model,
    train,
    { epochs: config.epochs, batchSize: config.batchSize, learningRate: config.learningRate, snapshotsInFirstEpoch: config.snapshotsInFirstEpoch, random: createRandom(deriveSeed(seed, 'shuffle')), onSnapshot },
  );
  model.dispose();

  // The "how it is built" stages, for the last snapshot of every layer.
  const last = snapshots.length - 1;
  const steps = lastGraphs.map((graph, l) => {
    onProgress(++done / total, `layout stages · layer ${l + 1}/${layers}`);
    return layoutSteps(graph, buffers.layout(l, last) as Float32Array, { random: createRandom(deriveSeed(seed, `steps-${l}`)), coldIterations: config.coldIterations });
  });

  const nodeColumns = {
    node: Int32Array.from({ length: n }, (_, i) => i),
    label: Int8Array.from(labels),
    split: Array.from({ length: n }, () => 'test'),
    source_index: gather(dataset.sourceIndex, trace),
    ...(dim === 2 ? { input_x: Float32Array.from({ length: n }, (_, i) => train.xTrace[2 * i]), input_y: Float32Array.from({ length: n }, (_, i) => train.xTrace[2 * i + 1]) } : {}),
  };
  const tables: EncodedTable[] = [
    { table: 'nodes' as const, bytes: encodeTable(NODES, nodeColumns), rows: n },
    ...buffers.encodedPositions(POSITIONS).map((p) => ({ table: 'positions' as const, ...p })),
    ...buffers.encodedEdges(EDGES).map((e) => ({ table: 'edges' as const, ...e })),
    { table: 'steps' as const, ...encodeSteps(steps, n) },
    { table: 'stepEdges' as const, ...encodeEdges(STEP_EDGES, lastEdges.map((edges, l) => ({ layer: l + 1, snapshot: last, edges }))) },
    { table: 'metrics' as const, bytes: encodeTable(METRICS, buffers.metricColumns()), rows: layers * snapshots.length },
  ];
  if (definition.image) {
    const pixels = Uint8Array.from(train.xTrace, (v) => Math.round(v * 255));
    tables.push({ table: 'images' as const, bytes: encodeTable(IMAGES, { node: nodeColumns.node, pixels }), rows: n });
  }
  const layerInfo: LayerInfo[] = config.hidden.map((width, l) => ({ index: l + 1, name: `hidden ${l + 1}`, width }));
  return {
    tables,
    snapshotCount: snapshots.length,
    entry: {
      kind: MLP_CLASSES.kind,
      title: `MLP ${[dim, ...config.hidden, classes].join('-')} on ${definition.title}`,
      dataset: { name: config.dataset, classes: [...definition.classes], train: split.train.length, test: split.test.length, trace: n },
      layers: layerInfo,
      snapshots,
      summary: buffers.summary(),
    },
  };
}

export const MLP_CLASSES: ExperimentDefinition = {
  kind: 'mlp-classes',
  title: 'Classes pull apart: kNN graphs of hidden activations through training',
  run,
};
