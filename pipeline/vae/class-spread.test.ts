import { tf } from '../train/tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom } from '../util/random.ts';
import { classSpread, trainDigitClassifier } from './class-spread.ts';
import { standardNormal } from './gaussian.ts';
import { createVae, decodeLogits, disposeVae } from './model.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('classSpread', () => {
  it('is one class and entropy 0 for a constant prediction, all classes and 1 for a uniform one', () => {
    expect(classSpread([3, 3, 3, 3], 10)).toEqual({ distinct: 1, entropy: 0 });
    const uniform = classSpread(
      Array.from({ length: 40 }, (_, i) => i % 10),
      10,
    );
    expect(uniform.distinct).toBe(10);
    expect(uniform.entropy).toBeCloseTo(1, 12);
    // Two classes, half each: ln 2 / ln 4.
    expect(classSpread([0, 1, 0, 1], 4).entropy).toBeCloseTo(0.5, 12);
  });

  it('names the offending value', () => {
    expect(() => classSpread([0, 10], 10)).toThrow(
      'class spread: predicted[1] (10) is not a class below 10',
    );
  });
});

describe('trainDigitClassifier on decoded samples', () => {
  // Two classes of 16-pixel images: the bright half is the left (0) or the right (1).
  const inputDim = 16;
  function images(n: number, seed: number): { x: Float32Array; y: Uint8Array } {
    const random = createRandom(seed);
    const y = Uint8Array.from({ length: n }, (_, i) => i % 2);
    const x = Float32Array.from({ length: n * inputDim }, (_, e) => {
      const left = e % inputDim < inputDim / 2;
      const bright = left === (y[Math.floor(e / inputDim)] === 0);
      return Math.min(1, Math.max(0, (bright ? 0.8 : 0.2) + 0.1 * (random() - 0.5)));
    });
    return { x, y };
  }

  it('sees one class in the samples of a collapsed decoder and both in varied images', async () => {
    const train = images(200, 1);
    const test = images(60, 2);
    const classifier = await trainDigitClassifier(
      { xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y },
      inputDim,
      2,
      { hidden: [8], epochs: 20, seed: 3 },
    );
    const vae = createVae({ inputDim, hidden: 8, latent: 2 }, createRandom(4));
    try {
      expect(classifier.testAccuracy).toBeGreaterThan(0.95);
      // Collapse: a decoder that ignores z draws the same image from every prior sample.
      vae.decoder.kernel.assign(tf.zerosLike(vae.decoder.kernel));
      const codes = standardNormal(createRandom(5), 50, 2);
      const samples = tf.tidy(
        () => tf.sigmoid(decodeLogits(vae, tf.tensor2d(codes, [50, 2]))).dataSync() as Float32Array,
      );
      expect(classSpread(classifier.classify(samples), 2)).toEqual({ distinct: 1, entropy: 0 });
      // The negative control: varied images give both classes.
      const varied = classSpread(classifier.classify(test.x), 2);
      expect(varied.distinct).toBe(2);
      expect(varied.entropy).toBeGreaterThan(0.9);
    } finally {
      disposeVae(vae);
      classifier.dispose();
    }
  });
});
