import { tf } from '../train/tfjs.ts';
import { describe, expect, it } from 'vitest';
import { readTidy } from './read-tensor.ts';

describe('readTidy', () => {
  it('returns the computed values and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const values = readTidy(() => tf.mul(tf.tensor1d([1, 2, 3]), 2));
    expect(Array.from(values)).toEqual([2, 4, 6]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('disposes the intermediate tensors when the computation throws', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      readTidy(() => {
        tf.tensor1d([1, 2]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
  });
});
