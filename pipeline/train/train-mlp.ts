/**
 * Classification on the shared training loop (train/loop.ts): a buildMlp model, Adam on the
 * mean cross-entropy, and at every snapshot the train/test scores, the trace set's
 * activations and the model itself for probes. Nothing leaked.
 */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { createRandom, type Random } from '../util/random.ts';
import { crossEntropy, evaluate, record } from './evaluate.ts';
import { denseParams, forwardDense } from './forward.ts';
import { modelShape } from './mlp.ts';
import { trainLoop } from './loop.ts';
import type { SnapshotPoint } from './schedule.ts';

/** Row-major inputs (rows × inputDim) with labels 0 … classes-1. */
export interface TrainData {
  readonly xTrain: Float32Array;
  readonly yTrain: Uint8Array;
  readonly xTest: Float32Array;
  readonly yTest: Uint8Array;
  /** The trace set whose activations every snapshot records. */
  readonly xTrace: Float32Array;
}

/** The state of training at one planned point, with the trace set's activations. */
export interface Snapshot extends SnapshotPoint {
  /** Per hidden layer, trace rows × width, row-major; fresh arrays the hook may keep. */
  readonly activations: Float32Array[];
  readonly widths: number[];
  /** Predicted class of every trace row. */
  readonly predicted: Int8Array;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly testLoss: number;
  readonly testAccuracy: number;
  /** The model at this snapshot, for probes (gradient norms, …); valid only during the hook. */
  readonly model: Tf.LayersModel;
}

/** A snapshot without its arrays: the training curve. */
export type SnapshotMetrics = Omit<Snapshot, 'activations' | 'widths' | 'predicted' | 'model'>;

/** Options of trainMlp. */
export interface TrainOptions {
  /** Passes over the training set. @default 30 */
  epochs?: number;
  /** Rows per optimiser step; the last batch of an epoch may be smaller. @default 64 */
  batchSize?: number;
  /** Adam learning rate. @default 0.001 */
  learningRate?: number;
  /** Decoupled weight decay (AdamW): each step scales kernels, not biases, by 1 − learningRate·weightDecay. @default 0 */
  weightDecay?: number;
  /** Extra, evenly spaced snapshots inside epoch 1. @default 3 */
  snapshotsInFirstEpoch?: number;
  /** Rows per forward pass when evaluating and recording. @default 2048 */
  evalBatchSize?: number;
  /** Shuffles the training rows each epoch. @default createRandom(0) */
  random?: Random;
  /** Called at every snapshot (initialisation, inside epoch 1, after each epoch) and awaited. */
  onSnapshot?: (snapshot: Snapshot) => void | Promise<void>;
}

/** Defaults of the training options. */
export const DEFAULTS = {
  epochs: 30,
  batchSize: 64,
  learningRate: 0.001,
  weightDecay: 0,
  snapshotsInFirstEpoch: 3,
  evalBatchSize: 2048,
} as const;

/** Rows of x as a tensor; checks the length against inputDim and, if given, the label count. */
function inputTensor(
  x: Float32Array,
  inputDim: number,
  name: string,
  labels?: Uint8Array,
): Tf.Tensor2D {
  const rows = x.length / inputDim;
  if (!Number.isInteger(rows) || (labels !== undefined && rows !== labels.length)) {
    const expected =
      labels === undefined
        ? `a multiple of inputDim (${inputDim})`
        : `labels (${labels.length}) × inputDim (${inputDim})`;
    throw new Error(`train: ${name} has ${x.length} values, expected ${expected}`);
  }
  return tf.tensor2d(x, [rows, inputDim]);
}

/** Labels as one-hot float rows; every label must be below `classes`. */
function oneHotTensor(y: Uint8Array, classes: number, name: string): Tf.Tensor2D {
  const bad = y.findIndex((label) => label >= classes);
  if (bad >= 0)
    throw new Error(`train: ${name}[${bad}] is ${y[bad]}, not below classes (${classes})`);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), classes).toFloat() as Tf.Tensor2D);
}

/** Copies the rows of one batch out of the JS arrays (tf.gather is ~10× slower on wasm). */
function batchTensors(
  x: Float32Array,
  y: Uint8Array,
  rows: Int32Array,
  inputDim: number,
  classes: number,
): [Tf.Tensor2D, Tf.Tensor2D] {
  // Fresh arrays every batch: the cpu backend keeps a reference to the array it is given.
  const xb = new Float32Array(rows.length * inputDim);
  const yb = new Float32Array(rows.length * classes);
  rows.forEach((row, i) => {
    xb.set(x.subarray(row * inputDim, (row + 1) * inputDim), i * inputDim);
    yb[i * classes + y[row]] = 1;
  });
  return [tf.tensor2d(xb, [rows.length, inputDim]), tf.tensor2d(yb, [rows.length, classes])];
}

/** Shrinks every kernel in place by `factor` (the decoupled weight decay step). */
function decay(kernels: Tf.Variable[], factor: number): void {
  tf.tidy(() => kernels.forEach((kernel) => kernel.assign(tf.mul(kernel, factor))));
}

/** Trains `model` in place and returns the metrics of every snapshot. */
export async function trainMlp(
  model: Tf.LayersModel,
  data: TrainData,
  options: TrainOptions = {},
): Promise<SnapshotMetrics[]> {
  const o = { ...DEFAULTS, ...options };
  const random = options.random ?? createRandom(0);
  if (!(o.learningRate > 0))
    throw new Error(`train: learningRate must be > 0, got ${o.learningRate}`);
  if (!(o.weightDecay >= 0 && o.learningRate * o.weightDecay < 1)) {
    throw new Error(
      `train: weightDecay must be ≥ 0 and below 1 / learningRate, got ${o.weightDecay}`,
    );
  }
  const { inputDim, classes } = modelShape(model);
  const disposables: Tf.Tensor[] = [];
  const optimizer = tf.train.adam(o.learningRate);
  try {
    const keep = <T extends Tf.Tensor>(tensor: T): T => (disposables.push(tensor), tensor);
    const xTrain = keep(inputTensor(data.xTrain, inputDim, 'xTrain', data.yTrain));
    const yTrain = keep(oneHotTensor(data.yTrain, classes, 'yTrain'));
    const xTest = keep(inputTensor(data.xTest, inputDim, 'xTest', data.yTest));
    const yTest = keep(oneHotTensor(data.yTest, classes, 'yTest'));
    const xTrace = keep(inputTensor(data.xTrace, inputDim, 'xTrace'));
    const params = denseParams(model);
    const variables = params.flatMap((layer) => [layer.kernel, layer.bias]);
    const history: SnapshotMetrics[] = [];
    await trainLoop({
      rows: xTrain.shape[0],
      epochs: o.epochs,
      batchSize: o.batchSize,
      snapshotsInFirstEpoch: o.snapshotsInFirstEpoch,
      random,
      step: (rows) => {
        const [xb, yb] = batchTensors(data.xTrain, data.yTrain, rows, inputDim, classes);
        optimizer.minimize(
          () => {
            const outputs = forwardDense(params, xb);
            return tf.mean<Tf.Scalar>(crossEntropy(outputs[outputs.length - 1], yb));
          },
          false,
          variables,
        );
        tf.dispose([xb, yb]);
        if (o.weightDecay > 0)
          decay(
            params.map((layer) => layer.kernel),
            1 - o.learningRate * o.weightDecay,
          );
      },
      onSnapshot: async (point: SnapshotPoint) => {
        const trainScores = evaluate(model, xTrain, yTrain, { batchSize: o.evalBatchSize });
        const testScores = evaluate(model, xTest, yTest, { batchSize: o.evalBatchSize });
        const metrics: SnapshotMetrics = {
          ...point,
          trainLoss: trainScores.loss,
          trainAccuracy: trainScores.accuracy,
          testLoss: testScores.loss,
          testAccuracy: testScores.accuracy,
        };
        history.push(metrics);
        if (o.onSnapshot)
          await o.onSnapshot({
            ...metrics,
            ...record(model, xTrace, { batchSize: o.evalBatchSize }),
            model,
          });
      },
    });
    return history;
  } finally {
    optimizer.dispose();
    tf.dispose(disposables);
  }
}

/** Every trainable variable's values in model order (kernel, bias per layer): what {@link replayTraining} sets back. */
export function modelWeights(model: Tf.LayersModel): Float32Array[] {
  return denseParams(model)
    .flatMap((layer) => [layer.kernel, layer.bias])
    .map((variable) => Float32Array.from(variable.dataSync() as Float32Array));
}

/**
 * What trainMlp gives its `onSnapshot`, without training: for every recorded snapshot, `model`
 * set to the snapshot's weights (modelWeights) and `xTrace` recorded through it.
 */
export async function replayTraining(
  model: Tf.LayersModel,
  snapshots: readonly { metrics: SnapshotMetrics; weights: readonly Float32Array[] }[],
  xTrace: Float32Array,
  onSnapshot: (snapshot: Snapshot) => void | Promise<void>,
  options: Pick<TrainOptions, 'evalBatchSize'> = {},
): Promise<void> {
  const { inputDim } = modelShape(model);
  const variables = denseParams(model).flatMap((layer) => [layer.kernel, layer.bias]);
  const x = inputTensor(xTrace, inputDim, 'xTrace');
  try {
    for (const { metrics, weights } of snapshots) {
      if (weights.length !== variables.length)
        throw new Error(
          `train: a recorded snapshot has ${weights.length} weight arrays, the model ${variables.length}`,
        );
      variables.forEach((variable, i) =>
        tf.tidy(() => variable.assign(tf.tensor(weights[i], variable.shape))),
      );
      const batchSize = options.evalBatchSize ?? DEFAULTS.evalBatchSize;
      await onSnapshot({ ...metrics, ...record(model, x, { batchSize }), model });
    }
  } finally {
    x.dispose();
  }
}
