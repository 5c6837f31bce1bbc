/**
 * Experiment 5, mlp-scrambled: mlp-classes on MNIST with a seeded share of the training
 * labels scrambled. Traced training digits (scrambled and clean) and test digits go through
 * the same view stage; per view, where the scrambled digits sit (with their true class or
 * with the label they were given); per snapshot, accuracy on the clean and on the scrambled
 * training digits, so the order "pattern first, noise later" can be measured layer by layer.
 */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from '../../train/tfjs.ts';
import { NODE_KINDS, SCRAMBLED_METRICS, SCRAMBLED_NODES, metricColumns } from '../../contract.ts';
import { encodeTable } from '../../io/arrow.ts';
import { evaluate } from '../../train/evaluate.ts';
import { layerViewOptions } from '../knn-view.ts';
import { gather } from '../trace-data.ts';
import {
  datasetEntry,
  encodeViewTables,
  imagesTables,
  layerInfo,
  roundSummary,
  traceMlpViews,
} from '../traced-mlp.ts';
import type { EncodedTable, ExperimentContext, ExperimentResult } from '../types.ts';
import type { MlpScrambledConfig } from './config.ts';
import { prepareScrambledData } from './trace.ts';

type Subset = { x: Float32Array; y: Uint8Array };

/** Accuracy of the model on one subset of the training rows (−1 for an empty one). */
function subsetAccuracy(
  model: Tf.LayersModel,
  subset: Subset,
  inputDim: number,
  classes: number,
): number {
  if (subset.y.length === 0) return -1;
  const x = tf.tensor2d(subset.x, [subset.y.length, inputDim]);
  const y = tf.tidy(
    () => tf.oneHot(tf.tensor1d(subset.y, 'int32'), classes).toFloat() as Tf.Tensor2D,
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

/** Runs one experiment of this kind (loaded by its record in kind.ts when a run needs it). */
export async function run(
  context: ExperimentContext<MlpScrambledConfig>,
): Promise<ExperimentResult> {
  const { config, seed } = context;
  const data = prepareScrambledData(config, seed);
  const { definition, dataset, split, trace, classes, train, subsets } = data;
  const { dim } = dataset;
  const n = trace.length;
  const { labels, assigned, scrambled, fromTrain } = data.nodes;
  const nodeIds = Int32Array.from({ length: n }, (_, i) => i);
  const traced = await traceMlpViews(context, {
    inputDim: dim,
    classes,
    trainRows: split.train.length,
    train,
    nodeIds,
    chainOptions: (l) => ({
      ...layerViewOptions(config, labels, seed, l),
      metrics: metricColumns(SCRAMBLED_METRICS, 'view').map((c) => c.name),
      nodeColumns: { assigned: Array.from(assigned), scrambled: Array.from(scrambled) },
    }),
    snapshotValues: (s) => ({
      train_clean_accuracy: subsetAccuracy(s.model, subsets.clean, dim, classes),
      train_scrambled_accuracy: subsetAccuracy(s.model, subsets.scrambled, dim, classes),
    }),
    progressDetail: (v) =>
      `scrambled train acc ${((v.train_scrambled_accuracy ?? 0) * 100).toFixed(1)} %`,
  });
  const { recorder: r, snapshots, values: shared } = traced;
  const last = snapshots.length - 1;

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
    ...encodeViewTables(traced, n, SCRAMBLED_METRICS),
  ];
  tables.push(...imagesTables(definition, train.xTrace, nodeIds));
  const round = roundSummary;
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
      dataset: datasetEntry(config.dataset, definition, split, n),
      nodes: { sample: n },
      layers: layerInfo(config.hidden, n),
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
