/** Loss, accuracy and recorded activations of a buildMlp model, batched to bound memory. */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { hiddenWidths } from './mlp.ts';

/** Loss and accuracy over a whole set. */
export interface Scores {
  /** Mean softmax cross-entropy (nats). */
  readonly loss: number;
  /** Share of rows whose arg-max logit is the label, 0 … 1. */
  readonly accuracy: number;
}

/** Hidden activations and predictions for a fixed set of rows (the trace set). */
export interface Recording {
  /** Per hidden layer, rows × width, row-major. */
  readonly activations: Float32Array[];
  readonly widths: number[];
  /** Arg-max class per row. */
  readonly predicted: Int8Array;
}

/** Options of evaluate and record. */
export interface EvaluateOptions {
  /** Rows per forward pass. @default 2048 */
  batchSize?: number;
}

/** Defaults of the evaluation options. */
export const DEFAULTS = { batchSize: 2048 } as const;

/** Per-row softmax cross-entropy of logits against one-hot targets. */
export function crossEntropy(logits: Tf.Tensor2D, oneHot: Tf.Tensor2D): Tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1)) as Tf.Tensor1D);
}

/** Runs the model on rows [start, end) of x; returns every output (hidden layers, then logits). */
function forward(model: Tf.LayersModel, x: Tf.Tensor2D, start: number, end: number): Tf.Tensor2D[] {
  const rows = x.slice([start, 0], [end - start, -1]);
  const outputs = model.apply(rows, { training: false });
  return (Array.isArray(outputs) ? outputs : [outputs]) as Tf.Tensor2D[];
}

/** Mean cross-entropy and accuracy of the model on (x, one-hot y), `batchSize` rows at a time. */
export function evaluate(
  model: Tf.LayersModel,
  x: Tf.Tensor2D,
  oneHot: Tf.Tensor2D,
  options: EvaluateOptions = {},
): Scores {
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const n = x.shape[0];
  if (n === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const [loss, hits] = tf.tidy(() => {
      const outputs = forward(model, x, start, end);
      const logits = outputs[outputs.length - 1];
      const y = oneHot.slice([start, 0], [end - start, -1]);
      const right = tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1));
      return tf
        .stack([tf.sum(crossEntropy(logits, y)), tf.sum(tf.cast(right, 'float32'))])
        .dataSync();
    });
    lossSum += loss;
    correct += hits;
  }
  return { loss: lossSum / n, accuracy: correct / n };
}

/** Records every hidden layer's activations and the predicted class for each row of x. */
export function record(
  model: Tf.LayersModel,
  x: Tf.Tensor2D,
  options: EvaluateOptions = {},
): Recording {
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const n = x.shape[0];
  const widths = hiddenWidths(model);
  const activations = widths.map((width) => new Float32Array(n * width));
  const predicted = new Int8Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    tf.tidy(() => {
      const outputs = forward(model, x, start, end);
      widths.forEach((width, l) => activations[l].set(outputs[l].dataSync(), start * width));
      predicted.set(tf.argMax(outputs[outputs.length - 1], 1).dataSync(), start);
    });
  }
  return { activations, widths, predicted };
}
