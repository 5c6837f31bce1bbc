import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.ts';
import { buildMlp, denseLayers, hiddenWidths, modelShape } from './mlp.ts';

const weightBytes = (model: Tf.LayersModel): Buffer[] =>
  model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).buffer));

describe('buildMlp', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('outputs every hidden layer, then the logits', () => {
    const model = buildMlp({ inputDim: 784, classes: 10, hidden: [128, 64, 32] });
    expect(model.outputs.map((o) => o.shape)).toEqual([
      [null, 128],
      [null, 64],
      [null, 32],
      [null, 10],
    ]);
    expect(hiddenWidths(model)).toEqual([128, 64, 32]);
    expect(modelShape(model)).toEqual({ inputDim: 784, classes: 10 });
    expect(denseLayers(model).map((l) => l.name)).toEqual([
      'hidden_1',
      'hidden_2',
      'hidden_3',
      'logits',
    ]);
    const outputs = tf.tidy(() =>
      (model.predict(tf.ones([2, 784])) as Tf.Tensor[]).map((t) => t.shape),
    );
    expect(outputs).toEqual([
      [2, 128],
      [2, 64],
      [2, 32],
      [2, 10],
    ]);
    model.dispose();
  });

  it('initialises from the seed: same seed same weights, zero biases, He-scaled kernels', () => {
    const a = buildMlp({ inputDim: 50, classes: 3, hidden: [400, 20], seed: 5 });
    const b = buildMlp({ inputDim: 50, classes: 3, hidden: [400, 20], seed: 5 });
    const c = buildMlp({ inputDim: 50, classes: 3, hidden: [400, 20], seed: 6 });
    const [wa, wb, wc] = [weightBytes(a), weightBytes(b), weightBytes(c)];
    wa.forEach((bytes, i) => expect(bytes.equals(wb[i])).toBe(true));
    expect(wa[0].equals(wc[0])).toBe(false);
    // Layers do not share a stream: the first and second kernels differ in their first values.
    const [k1, bias1, k2] = a.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(k1[0]).not.toBe(k2[0]);
    expect(Array.from(bias1).every((v) => v === 0)).toBe(true);
    // heNormal: std ≈ sqrt(2 / fanIn) (truncated at 2σ, which shrinks it by ≈ 12 %).
    const std = Math.sqrt(k1.reduce((s, v) => s + v * v, 0) / k1.length);
    expect(std).toBeGreaterThan(0.8 * Math.sqrt(2 / 50));
    expect(std).toBeLessThan(1.05 * Math.sqrt(2 / 50));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('rejects bad widths by name', () => {
    expect(() => buildMlp({ inputDim: 0, classes: 2 })).toThrow(
      'mlp: inputDim must be a positive integer, got 0',
    );
    expect(() => buildMlp({ inputDim: 2, classes: 2, hidden: [8, 2.5] })).toThrow(
      'mlp: hidden[1] must be a positive integer, got 2.5',
    );
    expect(() => buildMlp({ inputDim: 2, classes: 2, hidden: [] })).toThrow(
      'mlp: hidden must list at least one layer width',
    );
  });
});
