import { describe, expect, it } from 'vitest';
import { DIMMED_ALPHA } from './colour.ts';
import { dimCorrect, wrongNodes } from './filter.ts';

describe('sample filter', () => {
  const labels = [0, 1, 1, 2];
  const predicted = [0, 2, 1, 0];

  it('lists the samples predicted wrong, optionally of one class', () => {
    expect(wrongNodes(labels, predicted, null)).toEqual([1, 3]);
    expect(wrongNodes(labels, predicted, 1)).toEqual([1]);
    expect(wrongNodes(labels, predicted, 0)).toEqual([]);
  });

  it('dims the samples predicted right and leaves the others', () => {
    const colours = new Uint8Array(16).fill(235);
    dimCorrect(colours, labels, predicted);
    expect([colours[3], colours[7], colours[11], colours[15]]).toEqual([
      DIMMED_ALPHA,
      235,
      DIMMED_ALPHA,
      235,
    ]);
  });
});
