/**
 * Experiment 5, mlp-scrambled: mlp-classes on MNIST with a seeded share of the training
 * labels scrambled. Traced training digits (scrambled and clean) and test digits go through
 * the same view stage; per view, where the scrambled digits sit (with their true class or
 * with the label they were given); per snapshot, accuracy on the clean and on the scrambled
 * training digits, so the order "pattern first, noise later" can be measured layer by layer.
 */
import * as tf from '@tensorflow/tfjs';
import {
  IMAGES,
  NODE_KINDS,
  POSITIONS,
  PROJECTIONS,
  EDGES,
  SCRAMBLED_METRICS,
  SCRAMBLED_NODES,
  STEP_EDGES,
  STEPS,
  metricColumns,
  type LayerInfo,
  type SnapshotInfo,
} from '../../contract.ts';
import { encodeTable } from '../../io/arrow.ts';
import { evaluate } from '../../train/evaluate.ts';
import { buildMlp } from '../../train/mlp.ts';
import { snapshotSchedule, stepsPerEpoch } from '../../train/schedule.ts';
import { trainMlp, type Snapshot } from '../../train/train-mlp.ts';
import { createRandom, deriveSeed } from '../../util/random.ts';
import { encodeSteps } from '../../view/layout-steps.ts';
import { ViewRecorder, encodeEdges } from '../../view/recorder.ts';
import type { ViewChainOptions, ViewOutput } from '../../view/chain.ts';
import { gather } from '../trace-data.ts';
import type {
  EncodedTable,
  ExperimentContext,
  ExperimentDefinition,
  ExperimentResult,
} from '../types.ts';
import type { MlpScrambledConfig } from './config.ts';
import { prepareScrambledData } from './trace.ts';

type Subset = { x: Float32Array; y: Uint8Array };

/** Accuracy of the model on one subset of the training rows (−1 for an empty one). */
function subsetAccuracy(
  model: tf.LayersModel,
  subset: Subset,
  inputDim: number,
  classes: number,
): number {
  if (subset.y.length === 0) return -1;
  const x = tf.tensor2d(subset.x, [subset.y.length, inputDim]);
  const y = tf.tidy(
    () => tf.oneHot(tf.tensor1d(subset.y, 'int32'), classes).toFloat() as tf.Tensor2D,
  );
  try {
    return evaluate(model, x, y).accuracy;
  } finally {
    tf.dispose([x, y]);
  }
}

/** The first snapshot where test accuracy peaks: where early stopping would keep the model. */
export function earlyStoppingSnapshot(testAccuracy: readonly number[]): number {
  let best = 0;
  testAccuracy.forEach((a, t) => {
    if (a > testAccuracy[best]) best = t;
  });
  return best;
}

async function run(context: ExperimentContext<MlpScrambledConfig>): Promise<ExperimentResult> {
  const { config, seed, onProgress, views } = context;
  const data = prepareScrambledData(config, seed);
  const { definition, dataset, split, trace, classes, train, subsets } = data;
  const { dim } = dataset;
  const n = trace.length;
  const { labels, assigned, scrambled, fromTrain } = data.nodes;
  const layers = config.hidden.length;
  const nodeIds = Int32Array.from({ length: n }, (_, i) => i);
  const chains = config.hidden.map((_, l) => {
    const options: ViewChainOptions = {
      graph: { builder: 'knn', k: config.knnK },
      metricsK: config.metricsK,
      metrics: metricColumns(SCRAMBLED_METRICS, 'view').map((c) => c.name),
      labels: Array.from(labels),
      nodeColumns: { assigned: Array.from(assigned), scrambled: Array.from(scrambled) },
      displayEdgesPerNode: config.displayEdgesPerNode,
      layout: {
        seed: deriveSeed(seed, `layout-${l}`),
        coldIterations: config.coldIterations,
        warmIterations: config.warmIterations,
      },
      stepsSeed: deriveSeed(seed, `steps-${l}`),
      metricsSeed: deriveSeed(seed, `metrics-${l}`),
      projection: true,
    };
    return views.chain(options);
  });
  const snapshots: SnapshotInfo[] = [];
  const shared: Record<string, number>[] = [];
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

  const onSnapshot = (s: Snapshot): void => {
    if (failures.length) throw failures[0];
    snapshots.push({ index: s.index, epoch: s.epoch, step: s.step });
    const values = {
      epoch: s.epoch,
      train_loss: s.trainLoss,
      train_accuracy: s.trainAccuracy,
      test_loss: s.testLoss,
      test_accuracy: s.testAccuracy,
      train_clean_accuracy: subsetAccuracy(s.model, subsets.clean, dim, classes),
      train_scrambled_accuracy: subsetAccuracy(s.model, subsets.scrambled, dim, classes),
    };
    shared.push(values);
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
          recorder.addMetrics(l, s.index, { ...values, ...out.metrics });
          onProgress(
            ++done / (planned * layers + layers),
            `epoch ${s.epoch.toFixed(2)} · layer ${l + 1}/${layers} · test acc ${(s.testAccuracy * 100).toFixed(1)} % · scrambled train acc ${(values.train_scrambled_accuracy * 100).toFixed(1)} %`,
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
      await trainMlp(model, train, {
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        snapshotsInFirstEpoch: config.snapshotsInFirstEpoch,
        random: createRandom(deriveSeed(seed, 'shuffle')),
        onSnapshot,
      });
    } finally {
      model.dispose();
    }
  });
  await Promise.all(pending);
  const r = recorder;
  const last = snapshots.length - 1;
  const steps = await Promise.all(chains.map((c) => c.steps()));
  onProgress(1, 'layout stages done');

  const nodeColumns = {
    node: nodeIds,
    kind: new Int8Array(n).fill(NODE_KINDS.indexOf('sample')),
    label: Int8Array.from(labels),
    split: Array.from(fromTrain, (t) => (t ? 'train' : 'test')),
    source_index: gather(dataset.sourceIndex, trace),
    assigned,
    scrambled,
  };
  const tables: EncodedTable[] = [
    { table: 'nodes', bytes: encodeTable(SCRAMBLED_NODES, nodeColumns), rows: n },
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
      bytes: encodeTable(SCRAMBLED_METRICS, r.metricColumns(SCRAMBLED_METRICS)),
      rows: layers * snapshots.length,
    },
  ];
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
  const stop = earlyStoppingSnapshot(shared.map((v) => v.test_accuracy));
  const memorised = shared.findIndex((v) => v.train_scrambled_accuracy >= 0.9);
  const perLayer = Object.fromEntries(
    config.hidden.flatMap((_, l) =>
      (['assigned', 'true'] as const).flatMap((which) => [
        [
          `layer${l + 1}_${which}_layout_at_stop`,
          round(r.metric(l, stop, `scrambled_${which}_layout`)),
        ],
        [
          `layer${l + 1}_${which}_layout_final`,
          round(r.metric(l, last, `scrambled_${which}_layout`)),
        ],
        [
          `layer${l + 1}_${which}_activation_at_stop`,
          round(r.metric(l, stop, `scrambled_${which}_activation`)),
        ],
        [
          `layer${l + 1}_${which}_activation_final`,
          round(r.metric(l, last, `scrambled_${which}_activation`)),
        ],
      ]),
    ),
  );
  return {
    tables,
    snapshotCount: snapshots.length,
    entry: {
      kind: 'mlp-scrambled',
      title: `MLP ${[dim, ...config.hidden, classes].join('-')} on ${definition.title}, ${Math.round(config.scrambleFraction * 100)} % of training labels scrambled`,
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
        scrambledTrainSamples: data.scrambledCount,
        earlyStoppingSnapshot: stop,
        earlyStoppingEpoch: round(shared[stop].epoch),
        peakTestAccuracy: round(shared[stop].test_accuracy),
        finalTestAccuracy: round(shared[last].test_accuracy),
        finalTrainCleanAccuracy: round(shared[last].train_clean_accuracy),
        finalTrainScrambledAccuracy: round(shared[last].train_scrambled_accuracy),
        scrambledAccuracyAtStop: round(shared[stop].train_scrambled_accuracy),
        // −1: never reached within the configured epochs.
        scrambledTrain90Epoch: memorised < 0 ? -1 : round(shared[memorised].epoch),
        ...perLayer,
      },
    },
  };
}

export const MLP_SCRAMBLED: ExperimentDefinition<MlpScrambledConfig> = {
  kind: 'mlp-scrambled',
  title: 'Scrambled labels: the pattern first, the noise later?',
  run,
};
