import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatEpoch,
  formatScore,
  layerLabel,
  sampleText,
  snapshotText,
} from './format.ts';

describe('format', () => {
  it('writes the scrubber value text', () => {
    expect(snapshotText(12, 30, 0.9612)).toBe('Epoch 12 of 30, test accuracy 96 %');
    expect(snapshotText(0, 30, 0.089)).toBe('Initialisation (epoch 0 of 30), test accuracy 9 %');
    expect(snapshotText(0.248, 30, undefined)).toBe('Epoch 0.25 of 30');
  });

  it('prints scores with a real minus and no negative zero', () => {
    expect(formatScore(-0.0919)).toBe('−0.09');
    expect(formatScore(-0.001)).toBe('0.00');
    expect(formatScore(0.347)).toBe('0.35');
  });

  it('formats epochs and sizes', () => {
    expect(formatEpoch(3)).toBe('3');
    expect(formatEpoch(0.752)).toBe('0.75');
    expect(formatBytes(3_264_842)).toBe('3.3 MB');
    expect(formatBytes(7218)).toBe('7 KB');
  });

  it('names a layer by its index for the networks trained here, by the user’s name for an imported one', () => {
    expect(layerLabel({ index: 2, name: 'hidden 2' })).toBe('2');
    expect(layerLabel({ index: 1, name: 'conv2' })).toBe('conv2');
    expect(layerLabel({ index: 1, name: 'hidden1' })).toBe('hidden1');
  });

  it('announces a sample without a prediction (an imported run) by its true class only', () => {
    expect(sampleText(4, ['cat', 'dog'], 1, 0, true)).toBe(
      'Sample #4 (pinned): true class dog, predicted cat (wrong).',
    );
    expect(sampleText(4, ['cat', 'dog'], 1, -1, false)).toBe('Sample #4: true class dog.');
  });
});
