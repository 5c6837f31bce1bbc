import { describe, expect, it } from 'vitest';
import { formatBytes, formatEpoch, formatScore, snapshotText } from './format.ts';

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
});
