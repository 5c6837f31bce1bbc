import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussians } from '../data/synthetic.ts';
import { createRandom } from '../util/random.ts';
import { selectBackend } from './backend.ts';
import { crossEntropy, evaluate, record } from './evaluate.ts';
import { buildMlp } from './mlp.ts';

describe('evaluate and record', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('crossEntropy is −log softmax of the true class', () => {
    const loss = tf.tidy(() =>
      crossEntropy(
        tf.tensor2d([
          [0, 0],
          [2, 0],
        ]),
        tf.tensor2d([
          [1, 0],
          [0, 1],
        ]),
      ).arraySync(),
    );
    expect(loss[0]).toBeCloseTo(Math.log(2), 6);
    expect(loss[1]).toBeCloseTo(Math.log(1 + Math.exp(2)), 5);
  });

  it('agrees across batch sizes, and accuracy matches the recorded predictions', () => {
    const set = gaussians({ n: 301, random: createRandom(1) });
    const model = buildMlp({ inputDim: 2, classes: 3, hidden: [5, 4], seed: 2 });
    const x = tf.tensor2d(set.inputs, [301, 2]);
    const y = tf.oneHot(tf.tensor1d(set.labels, 'int32'), 3).toFloat() as Tf.Tensor2D;
    const whole = evaluate(model, x, y);
    const batched = evaluate(model, x, y, { batchSize: 7 });
    expect(batched.loss).toBeCloseTo(whole.loss, 5);
    expect(batched.accuracy).toBe(whole.accuracy);
    const small = record(model, x, { batchSize: 50 });
    const big = record(model, x);
    expect(small.widths).toEqual([5, 4]);
    expect(Array.from(small.predicted)).toEqual(Array.from(big.predicted));
    expect(small.activations[1]).toEqual(big.activations[1]);
    const hits = small.predicted.filter((p, i) => p === set.labels[i]).length;
    expect(whole.accuracy).toBeCloseTo(hits / 301, 10);
    tf.dispose([x, y]);
    model.dispose();
  });
});
