import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { moons } from '../data/synthetic.ts';
import { createRandom } from '../util/random.ts';
import { selectBackend } from './backend.ts';
import { buildMlp, denseLayers } from './mlp.ts';
import { gradientNorms } from './sensitivity.ts';
import { trainMlp } from './train-mlp.ts';

/** Mean cross-entropy of one row through the model (used for finite differences). */
function rowLoss(model: Tf.LayersModel, x: number[], label: number): number {
  return tf.tidy(() => {
    const outputs = model.predict(tf.tensor2d([x])) as Tf.Tensor[];
    const logp = tf.logSoftmax(outputs[outputs.length - 1]).dataSync();
    return -logp[label];
  });
}

describe('gradientNorms', () => {
  let model: Tf.LayersModel;
  const set = moons({ n: 200, noise: 0.1, random: createRandom(5) });

  beforeAll(async () => {
    await selectBackend('wasm');
    model = buildMlp({ inputDim: 2, classes: 2, hidden: [12, 6], activation: 'tanh', seed: 3 });
    // A few steps so the gradients are not those of the initialisation.
    const data = {
      xTrain: set.inputs,
      yTrain: set.labels,
      xTest: set.inputs,
      yTest: set.labels,
      xTrace: set.inputs,
    };
    await trainMlp(model, data, {
      epochs: 2,
      batchSize: 50,
      learningRate: 0.05,
      random: createRandom(1),
    });
  });

  it('matches the closed form for the last hidden layer: ‖W·(softmax − y)‖', () => {
    const { norms } = gradientNorms(model, set.inputs, set.labels, { batchSize: 64 });
    expect(norms.map((layer) => layer.length)).toEqual([200, 200]);
    const [kernel] = denseLayers(model)[2]
      .getWeights()
      .map((w) => w.arraySync() as number[][]);
    const outputs = model.predict(tf.tensor2d(set.inputs, [200, 2])) as Tf.Tensor[];
    const probabilities = tf.softmax(outputs[2]).arraySync() as number[][];
    tf.dispose(outputs);
    for (let i = 0; i < 200; i += 7) {
      const residual = probabilities[i].map((p, c) => p - (c === set.labels[i] ? 1 : 0));
      const g = kernel.map((row) => row.reduce((s, w, c) => s + w * residual[c], 0));
      expect(norms[1][i]).toBeCloseTo(Math.hypot(...g), 5);
    }
  });

  it('gives each row its own gradient, whatever the batch', () => {
    const whole = gradientNorms(model, set.inputs, set.labels, { batchSize: 500 });
    const one = gradientNorms(model, set.inputs.subarray(20, 22), set.labels.subarray(10, 11));
    expect(one.norms[0][0]).toBeCloseTo(whole.norms[0][10], 5);
    expect(one.norms[1][0]).toBeCloseTo(whole.norms[1][10], 5);
    expect(whole.norms.every((layer) => layer.every((v) => Number.isFinite(v) && v >= 0))).toBe(
      true,
    );
    expect(whole.inputGradients).toBeNull();
  });

  it('returns input gradients that agree with finite differences', () => {
    const { inputGradients } = gradientNorms(model, set.inputs, set.labels, {
      inputGradients: true,
    });
    expect(inputGradients?.length).toBe(400);
    const eps = 1e-2;
    for (const i of [0, 50, 120, 199]) {
      for (const d of [0, 1]) {
        const x = [set.inputs[2 * i], set.inputs[2 * i + 1]];
        const plus = x.slice();
        const minus = x.slice();
        plus[d] += eps;
        minus[d] -= eps;
        const numeric =
          (rowLoss(model, plus, set.labels[i]) - rowLoss(model, minus, set.labels[i])) / (2 * eps);
        expect(inputGradients?.[2 * i + d]).toBeCloseTo(numeric, 2);
      }
    }
  });

  it('leaks no tensors and rejects mismatched input by name', () => {
    const before = tf.memory().numTensors;
    gradientNorms(model, set.inputs, set.labels, { batchSize: 30, inputGradients: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(() => gradientNorms(model, set.inputs.subarray(1), set.labels)).toThrow(
      'sensitivity: x has 399 values, expected labels (200) × inputDim (2)',
    );
  });
});

/** A float64 forward pass of a tanh MLP from layer `from` on (h = its input), returning the row's cross-entropy. */
function lossFrom(
  weights: { kernel: number[][]; bias: number[] }[],
  from: number,
  h: number[],
  label: number,
): number {
  let a = h;
  for (let l = from; l < weights.length; l++) {
    const { kernel, bias } = weights[l];
    const z = bias.map((b, j) => a.reduce((s, v, i) => s + v * kernel[i][j], b));
    a = l < weights.length - 1 ? z.map(Math.tanh) : z;
  }
  const top = Math.max(...a);
  const logSum = top + Math.log(a.reduce((s, v) => s + Math.exp(v - top), 0));
  return logSum - a[label];
}

describe('gradientNorms against finite differences on a tiny network', () => {
  it('‖∂L/∂h‖, Σ h·∂L/∂h and the margin agree with a float64 reference (relative error < 1e-3)', async () => {
    await selectBackend('wasm');
    const model = buildMlp({
      inputDim: 3,
      classes: 3,
      hidden: [5, 4],
      activation: 'tanh',
      seed: 11,
    });
    const weights = denseLayers(model).map((layer) => {
      const [kernel, bias] = layer.getWeights().map((w) => w.arraySync());
      return { kernel: kernel as number[][], bias: bias as number[] };
    });
    const random = createRandom(2);
    const rows = 6;
    const x = Float32Array.from({ length: rows * 3 }, () => 2 * random() - 1);
    const labels = Uint8Array.from({ length: rows }, (_, i) => i % 3);
    const { norms, attributions, margins } = gradientNorms(model, x, labels, { batchSize: 4 });
    const eps = 1e-5;
    for (let i = 0; i < rows; i++) {
      // Hidden activations in float64, layer by layer.
      const hs: number[][] = [];
      let a = Array.from(x.subarray(3 * i, 3 * i + 3));
      for (let l = 0; l < 2; l++) {
        const { kernel, bias } = weights[l];
        a = bias.map((b, j) => Math.tanh(a.reduce((s, v, k) => s + v * kernel[k][j], b)));
        hs.push(a);
      }
      hs.forEach((h, l) => {
        const g = h.map((_, j) => {
          const plus = h.slice();
          const minus = h.slice();
          plus[j] += eps;
          minus[j] -= eps;
          return (
            (lossFrom(weights, l + 1, plus, labels[i]) -
              lossFrom(weights, l + 1, minus, labels[i])) /
            (2 * eps)
          );
        });
        const norm = Math.hypot(...g);
        expect(Math.abs(norms[l][i] - norm) / norm).toBeLessThan(1e-3);
        const attribution = h.reduce((s, v, j) => s + v * g[j], 0);
        expect(Math.abs(attributions[l][i] - attribution)).toBeLessThan(
          1e-3 * Math.max(1e-3, norm * Math.hypot(...h)),
        );
      });
      // The margin: the label's logit minus the best other one.
      const logits = [hs[1]].map((h) =>
        weights[2].bias.map((b, c) => h.reduce((s, v, k) => s + v * weights[2].kernel[k][c], b)),
      )[0];
      const other = Math.max(...logits.filter((_, c) => c !== labels[i]));
      expect(margins[i]).toBeCloseTo(logits[labels[i]] - other, 4);
    }
    model.dispose();
  });
});
