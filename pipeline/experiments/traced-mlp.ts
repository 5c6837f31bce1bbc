/**
 * What the MLP kinds share: train an MLP classifier on the main thread while every hidden
 * layer's trace activations run through the view stage (one chain per layer, in the view
 * pool), then encode the views as the contract's per-layer tables. A kind supplies its chain
 * options, its extra per-snapshot values and probes, and its own node and metrics specs.
 */
import {
  ACTIVATIONS,
  EDGES,
  IMAGES,
  POSITIONS,
  PROJECTIONS,
  STEP_EDGES,
  STEPS,
  type ExperimentEntry,
  type LayerInfo,
  type SnapshotInfo,
  type TableSpec,
} from '../contract.ts';
import type { DatasetDefinition } from '../data/registry.ts';
import type { Split } from '../data/split.ts';
import { encodeTable } from '../io/arrow.ts';
import { buildMlp } from '../train/mlp.ts';
import { snapshotSchedule, stepsPerEpoch } from '../train/schedule.ts';
import { trainingDataHash } from '../train/shared-training.ts';
import {
  modelWeights,
  replayTraining,
  trainMlp,
  type Snapshot,
  type SnapshotMetrics,
  type TrainData,
} from '../train/train-mlp.ts';
import { createRandom, deriveSeed } from '../util/random.ts';
import type { ViewChainOptions } from '../view/options.ts';
import { createViewFeed } from '../view/feed.ts';
import type { LayerComparison } from '../view/fidelity-comparison.ts';
import { encodeSteps } from '../view/layout-steps.ts';
import { ViewRecorder, encodeEdges } from '../view/recorder.ts';
import type { EncodedTable, ExperimentContext } from './types.ts';

/** The training and view fields every MLP kind's config has. */
export interface TracedMlpConfig {
  hidden: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  snapshotsInFirstEpoch: number;
}

/** Options of {@link traceMlpViews}. */
export interface TraceMlpOptions {
  inputDim: number;
  classes: number;
  /** Training rows (for the snapshot plan) and the arrays trainMlp reads. */
  trainRows: number;
  train: TrainData;
  /** Trace nodes, ascending (every view holds them all). */
  nodeIds: Int32Array;
  /**
   * The nodes of layer position `l`'s views, ascending: the trace nodes first, then any
   * others (e.g. the layer's units, predicted −1). @default the trace nodes
   */
  viewNodes?: (l: number) => Int32Array;
  /** Record the layout stages of every layer's last view (the chains need a stepsSeed). @default true */
  layoutSteps?: boolean;
  /** The view chain of layer position `l`. */
  chainOptions: (l: number) => ViewChainOptions;
  /** The kind's extra per-snapshot metric values by column name (e.g. accuracy on a subset). */
  snapshotValues?: (s: Snapshot) => Record<string, number>;
  /** A probe at every snapshot, with the model (e.g. decision regions). */
  probe?: (s: Snapshot) => void;
  /** Progress text after the standard "epoch · layer · test acc". */
  progressDetail?: (values: Record<string, number>) => string;
}

/** A finished run: snapshots, every view, the per-snapshot values and the last views' layout stages. */
export interface TracedMlpRun {
  snapshots: SnapshotInfo[];
  recorder: ViewRecorder;
  /** Per snapshot, the snapshot-level metric values by column name. */
  values: Record<string, number>[];
  /** Per layer, [spectral, ForceAtlas2 cold, published] of the last snapshot (empty with layoutSteps false). */
  steps: Float32Array[][];
  /** The layout comparisons of the chains' `compareAt` snapshots. */
  comparisons: LayerComparison[];
  /** With the context's exportActivations: per layer, every snapshot's view input (snapshot-major, n×width each). */
  activations?: Float32Array[];
}

/** Trains (holding the training slot) and records every layer's views; rejects with the first view error. */
export async function traceMlpViews<C extends TracedMlpConfig>(
  context: ExperimentContext<C>,
  o: TraceMlpOptions,
): Promise<TracedMlpRun> {
  const { config, seed, onProgress, views } = context;
  const layers = config.hidden.length;
  const planned = snapshotSchedule(stepsPerEpoch(o.trainRows, config.batchSize), config).length;
  const viewNodes = config.hidden.map((_, l) => o.viewNodes?.(l) ?? o.nodeIds);
  const feed = createViewFeed(
    views,
    viewNodes.map((nodeIds, l) => ({ index: l + 1, nodeIds, options: o.chainOptions(l) })),
    planned,
  );
  const snapshots: SnapshotInfo[] = [];
  const values: Record<string, number>[] = [];
  let done = 0;
  if (context.exportActivations && o.viewNodes)
    throw new Error('traced-mlp: activations are exported for views of the trace nodes only');
  // The chains' inputs, copied before they move to a worker thread (pool.ts transfers them).
  const activations = context.exportActivations
    ? config.hidden.map((width) => new Float32Array(planned * o.nodeIds.length * width))
    : undefined;

  const onSnapshot = (s: Snapshot): void => {
    snapshots.push({ index: s.index, epoch: s.epoch, step: s.step });
    o.probe?.(s);
    const shared = {
      epoch: s.epoch,
      train_loss: s.trainLoss,
      train_accuracy: s.trainAccuracy,
      test_loss: s.testLoss,
      test_accuracy: s.testAccuracy,
      ...o.snapshotValues?.(s),
    };
    values.push(shared);
    for (let l = 0; l < layers; l++) {
      activations?.[l].set(s.activations[l], s.index * s.activations[l].length);
      const predicted = new Int8Array(viewNodes[l].length).fill(-1);
      predicted.set(s.predicted);
      const points = { points: s.activations[l], dim: s.widths[l], predicted, values: shared };
      feed.add(l, s.index, points, () => {
        const detail = o.progressDetail ? ` · ${o.progressDetail(shared)}` : '';
        onProgress(
          ++done / (planned * layers + layers),
          `epoch ${s.epoch.toFixed(2)} · layer ${l + 1}/${layers} · test acc ${(s.testAccuracy * 100).toFixed(1)} %${detail}`,
        );
      });
    }
  };

  await context.training(async () => {
    const model = buildMlp({
      inputDim: o.inputDim,
      classes: o.classes,
      hidden: config.hidden,
      seed: deriveSeed(seed, 'init'),
    });
    try {
      // Another experiment of this run trained the same network on the same data: replay it.
      const { trainingKey: key, trainingShare: share } = context;
      const { xTrain, yTrain, xTest, yTest } = o.train;
      const data = key && share ? trainingDataHash([xTrain, yTrain, xTest, yTest]) : '';
      const recorded = key && share?.take(key, data);
      if (recorded)
        return await replayTraining(model, recorded.snapshots, o.train.xTrace, onSnapshot);
      const keep: { metrics: SnapshotMetrics; weights: Float32Array[] }[] | undefined =
        key && share?.wanted(key) ? [] : undefined;
      await trainMlp(model, o.train, {
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        snapshotsInFirstEpoch: config.snapshotsInFirstEpoch,
        random: createRandom(deriveSeed(seed, 'shuffle')),
        onSnapshot: (s) => {
          const { index, epoch, step, trainLoss, trainAccuracy, testLoss, testAccuracy } = s;
          const metrics = { index, epoch, step, trainLoss, trainAccuracy, testLoss, testAccuracy };
          keep?.push({ metrics, weights: modelWeights(s.model) });
          return onSnapshot(s);
        },
      });
      if (key && share && keep) share.keep(key, { data, snapshots: keep });
    } finally {
      model.dispose();
    }
  });
  await feed.done();
  // The "how it is built" stages, for the last snapshot of every layer.
  const steps = o.layoutSteps === false ? [] : await feed.steps();
  onProgress(1, 'layout stages done');
  return {
    snapshots,
    recorder: feed.recorder,
    values,
    steps,
    comparisons: feed.comparisons,
    // A run may take fewer snapshots than planned; keep the ones it took.
    ...(activations
      ? {
          activations: activations.map((a, l) =>
            a.subarray(0, snapshots.length * o.nodeIds.length * (config.hidden[l] ?? 0)),
          ),
        }
      : {}),
  };
}

/** The per-layer view tables of a run (positions, projections, edges), its layout stages and its metrics under `metrics`. */
export function encodeViewTables(run: TracedMlpRun, n: number, metrics: TableSpec): EncodedTable[] {
  const { recorder: r, snapshots, steps } = run;
  const last = snapshots.length - 1;
  const layers = steps.length;
  return [
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
        steps.map((_, l) => ({ split: l + 1, snapshot: last, edges: r.edgesOf(l, last) })),
      ),
    },
    {
      table: 'metrics',
      bytes: encodeTable(metrics, r.metricColumns(metrics)),
      rows: layers * snapshots.length,
    },
    ...(run.activations ?? []).map((values, l) => ({
      table: 'activations' as const,
      ...encodeActivations(values, l + 1, n, snapshots.length),
    })),
  ];
}

/** activations-l<layer>.arrow: rows (snapshot, node) as in positions, each row the layer's `values` of that sample. */
export function encodeActivations(
  values: Float32Array,
  layer: number,
  n: number,
  snapshots: number,
): { split: number; bytes: Uint8Array; rows: number } {
  const rows = n * snapshots;
  const node = new Int32Array(rows);
  for (let t = 0; t < snapshots; t++) for (let i = 0; i < n; i++) node[t * n + i] = i;
  const columns = {
    layer: new Int8Array(rows).fill(layer),
    snapshot: Int16Array.from({ length: rows }, (_, r) => Math.floor(r / n)),
    node,
    activation: { width: values.length / rows, values },
  };
  return { split: layer, bytes: encodeTable(ACTIVATIONS, columns), rows };
}

/** The manifest's layers: every hidden layer with its width and the `n` nodes of its views. */
export function layerInfo(hidden: readonly number[], n: number): LayerInfo[] {
  return hidden.map((width, l) => ({ index: l + 1, name: `hidden ${l + 1}`, width, nodes: n }));
}

/** The manifest's dataset block of a run that traces `n` samples. */
export function datasetEntry(
  name: string,
  definition: DatasetDefinition,
  split: Split,
  n: number,
): ExperimentEntry['dataset'] {
  return {
    name,
    classes: [...definition.classes],
    train: split.train.length,
    test: split.test.length,
    trace: n,
  };
}

/** images.arrow for image datasets (trace inputs in 0 … 1 as uint8 thumbnails), else nothing. */
export function imagesTables(
  definition: DatasetDefinition,
  xTrace: Float32Array,
  nodeIds: Int32Array,
): EncodedTable[] {
  if (!definition.image) return [];
  const pixels = Uint8Array.from(xTrace, (v) => Math.round(v * 255));
  return [
    {
      table: 'images',
      bytes: encodeTable(IMAGES, { node: nodeIds, pixels }),
      rows: nodeIds.length,
    },
  ];
}

/** A summary number as the manifest keeps it: four decimals. */
export function roundSummary(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
