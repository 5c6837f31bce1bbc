/**
 * Experiment 1, mlp-classes: train an MLP classifier and, at every snapshot and hidden layer,
 * run the layer's trace activations through the view stage (kNN graph → spectral →
 * ForceAtlas2, warm-started and aligned across snapshots → metrics) and measure how classes
 * separate. Training holds the main thread; each layer's view chain runs in a worker.
 */
import {
  IMAGES,
  METRICS,
  NODES,
  NODE_KINDS,
  POSITIONS,
  PROJECTIONS,
  REGIONS,
  REGION_GRID,
  EDGES,
  STEP_EDGES,
  STEPS,
  type LayerInfo,
  type SnapshotInfo,
} from '../../contract.ts';
import { encodeTable } from '../../io/arrow.ts';
import { buildMlp } from '../../train/mlp.ts';
import { decisionRegions, gridCentres, squareExtent } from '../../train/regions.ts';
import { snapshotSchedule, stepsPerEpoch } from '../../train/schedule.ts';
import { trainMlp, type Snapshot } from '../../train/train-mlp.ts';
import { createRandom, deriveSeed } from '../../util/random.ts';
import { encodeSteps } from '../../view/layout-steps.ts';
import { ViewRecorder, encodeEdges } from '../../view/recorder.ts';
import type { ViewOutput } from '../../view/chain.ts';
import { gather, prepareTraceData } from '../trace-data.ts';
import type {
  EncodedTable,
  ExperimentContext,
  ExperimentDefinition,
  ExperimentResult,
} from '../types.ts';
import type { MlpClassesConfig } from './config.ts';
import { layerViewOptions } from './views.ts';

/** Snapshot-level metric values by metrics-table column name. */
function snapshotMetrics(s: Snapshot): Record<string, number> {
  return {
    epoch: s.epoch,
    train_loss: s.trainLoss,
    train_accuracy: s.trainAccuracy,
    test_loss: s.testLoss,
    test_accuracy: s.testAccuracy,
  };
}

async function run(context: ExperimentContext<MlpClassesConfig>): Promise<ExperimentResult> {
  const { config, seed, onProgress, views } = context;
  const { definition, dataset, split, trace, classes, train } = prepareTraceData(config, seed);
  const { dim } = dataset;
  const n = trace.length;
  const labels = gather(dataset.labels, trace);
  const layers = config.hidden.length;
  const nodeIds = Int32Array.from({ length: n }, (_, i) => i);
  const chains = config.hidden.map((_, l) =>
    views.chain(layerViewOptions(config, labels, seed, l)),
  );
  const snapshots: SnapshotInfo[] = [];
  const pending: Promise<void>[] = [];
  const failures: unknown[] = [];
  const planned = snapshotSchedule(
    stepsPerEpoch(split.train.length, config.batchSize),
    config,
  ).length;
  const recorder = new ViewRecorder(
    config.hidden.map((_, l) => ({ index: l + 1, nodeIds })),
    planned,
  );
  let done = 0;

  // 2-D toy sets: the decision regions over the input plane at every snapshot.
  const regionGrid = dim === 2 ? gridCentres(squareExtent(train.xTrace), REGION_GRID) : undefined;
  const regions: { predicted: Uint8Array; confidence: Uint8Array }[] = [];

  const onSnapshot = (s: Snapshot): void => {
    if (failures.length) throw failures[0];
    snapshots.push({ index: s.index, epoch: s.epoch, step: s.step });
    if (regionGrid) regions.push(decisionRegions(s.model, regionGrid));
    const shared = snapshotMetrics(s);
    for (let l = 0; l < layers; l++) {
      const view = chains[l]
        .next({ snapshot: s.index, points: s.activations[l], dim: s.widths[l] })
        .then((out: ViewOutput) => {
          recorder.addView(l, s.index, {
            positions: out.positions,
            predicted: s.predicted,
            edges: out.edges,
            ...(out.projection ? { projection: out.projection } : {}),
          });
          recorder.addMetrics(l, s.index, { ...shared, ...out.metrics });
          onProgress(
            ++done / (planned * layers + layers),
            `epoch ${s.epoch.toFixed(2)} · layer ${l + 1}/${layers} · test acc ${(s.testAccuracy * 100).toFixed(1)} %`,
          );
        });
      view.catch((error: unknown) => failures.push(error));
      pending.push(view);
    }
  };

  await context.training(async () => {
    const model = buildMlp({
      inputDim: dim,
      classes,
      hidden: config.hidden,
      seed: deriveSeed(seed, 'init'),
    });
    try {
      const history = trainMlp(model, train, {
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        snapshotsInFirstEpoch: config.snapshotsInFirstEpoch,
        random: createRandom(deriveSeed(seed, 'shuffle')),
        onSnapshot,
      });
      await history;
    } finally {
      model.dispose();
    }
  });
  await Promise.all(pending);
  const r = recorder;
  const last = snapshots.length - 1;
  // The "how it is built" stages and their edges, for the last snapshot of every layer.
  const steps = await Promise.all(chains.map((c) => c.steps()));
  onProgress(1, 'layout stages done');

  const nodeColumns = {
    node: nodeIds,
    kind: new Int8Array(n).fill(NODE_KINDS.indexOf('sample')),
    label: Int8Array.from(labels),
    split: Array.from({ length: n }, () => 'test'),
    source_index: gather(dataset.sourceIndex, trace),
    ...(dim === 2
      ? {
          input_x: Float32Array.from({ length: n }, (_, i) => train.xTrace[2 * i]),
          input_y: Float32Array.from({ length: n }, (_, i) => train.xTrace[2 * i + 1]),
        }
      : {}),
  };
  const tables: EncodedTable[] = [
    { table: 'nodes', bytes: encodeTable(NODES, nodeColumns), rows: n },
    ...r.encodedPositions(POSITIONS).map((p) => ({ table: 'positions' as const, ...p })),
    ...r
      .encodedPositions(PROJECTIONS, 'projection')
      .map((p) => ({ table: 'projections' as const, ...p })),
    ...r.encodedEdges(EDGES).map((e) => ({ table: 'edges' as const, ...e })),
    { table: 'steps', ...encodeSteps(steps, n, STEPS) },
    {
      table: 'stepEdges',
      ...encodeEdges(
        STEP_EDGES,
        config.hidden.map((_, l) => ({ split: l + 1, snapshot: last, edges: r.edgesOf(l, last) })),
      ),
    },
    {
      table: 'metrics',
      bytes: encodeTable(METRICS, r.metricColumns(METRICS)),
      rows: layers * snapshots.length,
    },
  ];
  if (regionGrid) {
    const extent = squareExtent(train.xTrace);
    const rows = snapshots.length;
    const concat = (field: 'predicted' | 'confidence'): Uint8Array => {
      const out = new Uint8Array(rows * REGION_GRID * REGION_GRID);
      regions.forEach((r, t) => out.set(r[field], t * REGION_GRID * REGION_GRID));
      return out;
    };
    const bound = (v: number): Float32Array => new Float32Array(rows).fill(v);
    tables.push({
      table: 'regions',
      bytes: encodeTable(REGIONS, {
        snapshot: Int16Array.from({ length: rows }, (_, t) => t),
        predicted: concat('predicted'),
        confidence: concat('confidence'),
        x_min: bound(extent.xMin),
        x_max: bound(extent.xMax),
        y_min: bound(extent.yMin),
        y_max: bound(extent.yMax),
      }),
      rows,
    });
  }
  if (definition.image) {
    const pixels = Uint8Array.from(train.xTrace, (v) => Math.round(v * 255));
    tables.push({
      table: 'images',
      bytes: encodeTable(IMAGES, { node: nodeIds, pixels }),
      rows: n,
    });
  }
  const layerInfo: LayerInfo[] = config.hidden.map((width, l) => ({
    index: l + 1,
    name: `hidden ${l + 1}`,
    width,
    nodes: n,
  }));
  const round = (v: number): number => Math.round(v * 1e4) / 1e4;
  const lastLayer = (column: string, snapshot = last): number =>
    round(r.metric(layers - 1, snapshot, column));
  return {
    tables,
    snapshotCount: snapshots.length,
    entry: {
      kind: 'mlp-classes',
      title: `MLP ${[dim, ...config.hidden, classes].join('-')} on ${definition.title}`,
      dataset: {
        name: config.dataset,
        classes: [...definition.classes],
        train: split.train.length,
        test: split.test.length,
        trace: n,
      },
      nodes: { sample: n },
      layers: layerInfo,
      snapshots,
      summary: {
        finalTestAccuracy: lastLayer('test_accuracy'),
        finalTrainAccuracy: lastLayer('train_accuracy'),
        lastLayerSilhouetteLayoutInitial: lastLayer('silhouette_layout', 0),
        lastLayerSilhouetteLayoutFinal: lastLayer('silhouette_layout'),
        lastLayerSilhouetteActivationFinal: lastLayer('silhouette_activation'),
        lastLayerNeighborhoodHitFinal: lastLayer('neighborhood_hit'),
        lastLayerTrustworthinessFinal: lastLayer('trustworthiness'),
        lastLayerContinuityFinal: lastLayer('continuity'),
      },
    },
  };
}

export const MLP_CLASSES: ExperimentDefinition<MlpClassesConfig> = {
  kind: 'mlp-classes',
  title: 'Classes pull apart: kNN graphs of hidden activations through training',
  run,
};
