import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.ts';
import { decisionRegions, gridCentres, squareExtent } from './regions.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('decision regions', () => {
  it('frames the points in a square around their bounding box', () => {
    expect(squareExtent(Float32Array.from([0, 0, 4, 1, 2, -1]))).toEqual({
      xMin: 0,
      xMax: 4,
      yMin: -2,
      yMax: 2,
    });
  });

  it('lays cells out row-major with row 0 at the top', () => {
    const centres = gridCentres({ xMin: 0, xMax: 2, yMin: 0, yMax: 2 }, 2);
    expect(Array.from(centres)).toEqual([0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 1.5, 0.5]);
  });

  it('reads a linear classifier’s half-planes', () => {
    // logits = [0, 10·x]: class 1 where x > 0.
    const input = tf.input({ shape: [2] });
    const output = tf.layers
      .dense({ units: 2, useBias: false, weights: [tf.tensor2d([0, 10, 0, 0], [2, 2])] })
      .apply(input) as Tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const { predicted, confidence } = decisionRegions(
      model,
      gridCentres({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 4),
    );
    expect(Array.from(predicted)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
    // x = ±0.75: p = 1 / (1 + e^-7.5) ≈ 0.99945.
    expect(confidence[0]).toBe(255);
    model.dispose();
  });
});
