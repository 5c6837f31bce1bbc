/**
 * Per-sample sensitivity of the loss to each hidden layer, ‖∂L/∂h‖₂, for the sensitivity
 * experiment. One backward pass per batch: the loss is summed over rows, and row i's loss
 * depends only on row i, so the gradient's row i is that sample's own gradient.
 */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { crossEntropy } from './evaluate.ts';
import { denseParams, forwardDense } from './forward.ts';
import { hiddenWidths, modelShape } from './mlp.ts';

/** Options of gradientNorms. */
export interface SensitivityOptions {
  /** Rows per backward pass. @default 500 */
  batchSize?: number;
  /** Also return ∂L/∂x for every row (input-space saliency). @default false */
  inputGradients?: boolean;
}

/** Per-sample loss gradients of one model state. */
export interface Sensitivity {
  /** Per hidden layer, one ‖∂L/∂h‖₂ per row, where L is that row's cross-entropy (nats). */
  readonly norms: Float32Array[];
  /** Per hidden layer, gradient × activation summed over the layer's units, Σⱼ hⱼ·∂L/∂hⱼ, per row. */
  readonly attributions: Float32Array[];
  /** Per row, the logit of its label minus the largest other logit (> 0: classified right). */
  readonly margins: Float32Array;
  /** rows × inputDim, ∂L/∂x per row; null unless requested. */
  readonly inputGradients: Float32Array | null;
}

/** Defaults of the sensitivity options. */
export const DEFAULTS = { batchSize: 500, inputGradients: false } as const;

/** Gradient norms of each row's loss with respect to every hidden layer's activations. */
export function gradientNorms(
  model: Tf.LayersModel,
  x: Float32Array,
  labels: Uint8Array,
  options: SensitivityOptions = {},
): Sensitivity {
  const { batchSize, inputGradients } = { ...DEFAULTS, ...options };
  const { inputDim, classes } = modelShape(model);
  const n = labels.length;
  if (x.length !== n * inputDim) {
    throw new Error(
      `sensitivity: x has ${x.length} values, expected labels (${n}) × inputDim (${inputDim})`,
    );
  }
  const bad = labels.findIndex((label) => label >= classes);
  if (bad >= 0)
    throw new Error(
      `sensitivity: labels[${bad}] is ${labels[bad]}, not below classes (${classes})`,
    );
  const params = denseParams(model);
  const widths = hiddenWidths(model);
  const norms = widths.map(() => new Float32Array(n));
  const attributions = widths.map(() => new Float32Array(n));
  const margins = new Float32Array(n);
  const input = inputGradients ? new Float32Array(n * inputDim) : null;

  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const rows = end - start;
    tf.tidy(() => {
      const xb = tf.tensor2d(x.subarray(start * inputDim, end * inputDim), [rows, inputDim]);
      const yb = tf
        .oneHot(tf.tensor1d(labels.subarray(start, end), 'int32'), classes)
        .toFloat() as Tf.Tensor2D;
      // Zero shifts added to each hidden output: ∂L/∂shift = ∂L/∂h, without changing h.
      const shifts = widths.map((width) => tf.zeros<Tf.Rank.R2>([rows, width]));
      // The forward pass's outputs (h and logits), kept out of tf.grads's scope for the
      // attributions and margins; disposed below. x is differentiated only when asked for.
      let outputs: Tf.Tensor2D[] = [];
      const summedLoss = (...inputs: Tf.Tensor[]): Tf.Scalar => {
        const [xi, si] = input
          ? [inputs[0] as Tf.Tensor2D, inputs.slice(1) as Tf.Tensor2D[]]
          : [xb, inputs as Tf.Tensor2D[]];
        outputs = forwardDense(params, xi, si).map((o) => tf.keep(o));
        return tf.sum(crossEntropy(outputs[outputs.length - 1], yb));
      };
      const grads = tf.grads(summedLoss)(input ? [xb, ...shifts] : shifts);
      const dh = input ? grads.slice(1) : grads;
      dh.forEach((g, l) => norms[l].set(tf.norm(g, 'euclidean', 1).dataSync(), start));
      if (input) input.set(grads[0].dataSync(), start * inputDim);
      dh.forEach((g, l) => attributions[l].set(tf.sum(tf.mul(outputs[l], g), 1).dataSync(), start));
      const logits = outputs[outputs.length - 1];
      const own = tf.sum(tf.mul(logits, yb), 1);
      // The best other logit: push the label's own logit below every other one first.
      const other = tf.max(
        tf.sub(
          logits,
          tf.mul(yb, tf.add(tf.sub(tf.max(logits, 1, true), tf.min(logits, 1, true)), 1)),
        ),
        1,
      );
      margins.set(tf.sub(own, other).dataSync(), start);
      tf.dispose(outputs);
    });
  }
  return { norms, attributions, margins, inputGradients: input };
}
