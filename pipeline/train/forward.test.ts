import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.ts';
import { denseParams, forwardDense, matMul } from './forward.ts';
import { buildMlp } from './mlp.ts';

const maxDiff = (a: Tf.Tensor, b: Tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('forward', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('matMul has the value and gradients of tf.matMul', () => {
    tf.tidy(() => {
      const a = tf.randomNormal([5, 7], 0, 1, 'float32', 1);
      const b = tf.randomNormal([7, 3], 0, 1, 'float32', 2);
      const weights = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
      const ours = tf.grads((x: Tf.Tensor, y: Tf.Tensor) =>
        tf.sum(tf.mul(matMul(x as Tf.Tensor2D, y as Tf.Tensor2D), weights)),
      )([a, b]);
      const theirs = tf.grads((x: Tf.Tensor, y: Tf.Tensor) =>
        tf.sum(tf.mul(tf.matMul(x, y), weights)),
      )([a, b]);
      expect(maxDiff(matMul(a as Tf.Tensor2D, b as Tf.Tensor2D), tf.matMul(a, b))).toBe(0);
      expect(maxDiff(ours[0], theirs[0])).toBeLessThan(1e-5);
      expect(maxDiff(ours[1], theirs[1])).toBeLessThan(1e-5);
    });
  });

  it.each(['relu', 'tanh', 'sigmoid', 'elu'] as const)(
    'forwardDense reproduces the %s model outputs',
    (activation) => {
      const model = buildMlp({ inputDim: 6, classes: 4, hidden: [9, 5], activation, seed: 4 });
      tf.tidy(() => {
        const x = tf.randomUniform<Tf.Rank.R2>([11, 6], -1, 1, 'float32', 5);
        const expected = model.predict(x) as Tf.Tensor[];
        const actual = forwardDense(denseParams(model), x);
        expect(actual.map((t) => t.shape)).toEqual([
          [11, 9],
          [11, 5],
          [11, 4],
        ]);
        actual.forEach((t, i) => expect(maxDiff(t, expected[i])).toBeLessThan(1e-5));
      });
      model.dispose();
    },
  );
});
